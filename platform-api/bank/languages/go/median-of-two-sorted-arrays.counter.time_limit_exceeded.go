package main

// Finds each middle number by counting, for every candidate, the numbers below it: quadratic.
func solution(nums1 []int, nums2 []int) float64 {
	all := append(append([]int{}, nums1...), nums2...)
	n := len(all)
	rank := func(k int) int {
		for _, x := range all {
			below, equal := 0, 0
			for _, y := range all {
				if y < x {
					below++
				} else if y == x {
					equal++
				}
			}
			if below <= k && k < below+equal {
				return x
			}
		}
		return 0
	}
	if n%2 == 1 {
		return float64(rank(n / 2))
	}
	return float64(rank(n/2-1)+rank(n/2)) / 2
}
