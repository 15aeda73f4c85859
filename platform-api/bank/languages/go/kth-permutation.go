package main

func solution(n int, k int64) []int {
	factorial := make([]int64, n+1)
	factorial[0] = 1
	for i := 1; i <= n; i++ {
		factorial[i] = factorial[i-1] * int64(i)
	}
	remaining := make([]int, n)
	for i := range remaining {
		remaining[i] = i + 1
	}
	k--
	result := make([]int, 0, n)
	for left := n; left > 0; left-- {
		index := k / factorial[left-1]
		k %= factorial[left-1]
		result = append(result, remaining[index])
		remaining = append(remaining[:index], remaining[index+1:]...)
	}
	return result
}
