package main

func solution(nums []int) int64 {
	var total int64
	for _, x := range nums {
		total += int64(x)
	}
	return total
}
