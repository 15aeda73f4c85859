package main

func solution(nums []int, k int) int64 {
	seen := map[int]int64{0: 1}
	prefix := 0
	var count int64
	for _, x := range nums {
		prefix += x
		count += seen[prefix-k]
		seen[prefix]++
	}
	return count
}
