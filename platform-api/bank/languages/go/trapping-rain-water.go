package main

func solution(heights []int) int64 {
	i, j := 0, len(heights)-1
	left, right := 0, 0
	var water int64
	for i < j {
		if heights[i] < heights[j] {
			left = max(left, heights[i])
			water += int64(left - heights[i])
			i++
		} else {
			right = max(right, heights[j])
			water += int64(right - heights[j])
			j--
		}
	}
	return water
}
