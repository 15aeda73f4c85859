package main

func solution(nums []int, target int) []int {
	seen := make(map[int]int, len(nums))
	for j, x := range nums {
		if i, ok := seen[target-x]; ok {
			return []int{i, j}
		}
		if _, ok := seen[x]; !ok {
			seen[x] = j
		}
	}
	return []int{}
}
