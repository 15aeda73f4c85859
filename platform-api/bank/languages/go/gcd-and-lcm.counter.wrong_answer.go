package main

// Computes the lcm in 32-bit arithmetic before widening: it wraps around beyond 2^31.
func solution(a int, b int) []int64 {
	x, y := int32(a), int32(b)
	for y != 0 {
		x, y = y, x%y
	}
	lcm := int32(a) / x * int32(b)
	return []int64{int64(x), int64(lcm)}
}
