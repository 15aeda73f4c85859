package main

func solution(nums []int) int {
	values := make(map[int]struct{}, len(nums))
	for _, x := range nums {
		values[x] = struct{}{}
	}
	best := 0
	for x := range values {
		if _, ok := values[x-1]; ok {
			continue
		}
		y := x
		for {
			if _, ok := values[y+1]; !ok {
				break
			}
			y++
		}
		best = max(best, y-x+1)
	}
	return best
}
