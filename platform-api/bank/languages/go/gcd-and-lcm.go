package main

func solution(a int, b int) []int64 {
	x, y := int64(a), int64(b)
	for y != 0 {
		x, y = y, x%y
	}
	return []int64{x, int64(a) / x * int64(b)}
}
