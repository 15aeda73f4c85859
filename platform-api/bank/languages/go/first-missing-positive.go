package main

func solution(nums []int) int {
	n := len(nums)
	for i := range nums {
		// Put each value v in 1..n at index v - 1.
		for nums[i] > 0 && nums[i] <= n && nums[nums[i]-1] != nums[i] {
			v := nums[i]
			nums[i], nums[v-1] = nums[v-1], v
		}
	}
	for i, v := range nums {
		if v != i+1 {
			return i + 1
		}
	}
	return n + 1
}
