package main

func solution(heights []int) int {
	i, j := 0, len(heights)-1
	best := 0
	for i < j {
		if heights[i] < heights[j] {
			best = max(best, heights[i]*(j-i))
			i++
		} else {
			best = max(best, heights[j]*(j-i))
			j--
		}
	}
	return best
}
