package main

func solution(a string, b string) int {
	// prev[j]: distance between the first i-1 letters of a and the first j letters of b
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1]
			} else {
				cur[j] = min(prev[j-1], prev[j], cur[j-1]) + 1
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
