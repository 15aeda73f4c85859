package main

func solution(coins []int, amount int) int {
	unreachable := amount + 1
	best := make([]int, amount+1)
	for v := 1; v <= amount; v++ {
		best[v] = unreachable
	}
	for _, coin := range coins {
		for v := coin; v <= amount; v++ {
			if best[v-coin]+1 < best[v] {
				best[v] = best[v-coin] + 1
			}
		}
	}
	if best[amount] == unreachable {
		return -1
	}
	return best[amount]
}
