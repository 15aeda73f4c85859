package main

import "sort"

func solution(nums []int) int {
	// tails[k]: the smallest value that ends an increasing subsequence of length k + 1
	tails := make([]int, 0, len(nums))
	for _, x := range nums {
		i := sort.SearchInts(tails, x)
		if i == len(tails) {
			tails = append(tails, x)
		} else {
			tails[i] = x
		}
	}
	return len(tails)
}
