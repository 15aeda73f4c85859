package main

// Searches for the lcm by counting up from the larger number, one by one.
func solution(a int, b int) []int64 {
	lcm := int64(max(a, b))
	for lcm%int64(a) != 0 || lcm%int64(b) != 0 {
		lcm++
	}
	return []int64{int64(a) * int64(b) / lcm, lcm}
}
