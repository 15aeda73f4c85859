package main

import "math"

func solution(nums1 []int, nums2 []int) float64 {
	a, b := nums1, nums2
	if len(a) > len(b) {
		a, b = b, a
	}
	m, n := len(a), len(b)
	half := (m + n + 1) / 2
	lo, hi := 0, m
	for {
		i := (lo + hi) / 2
		j := half - i
		aLeft, aRight, bLeft, bRight := math.MinInt, math.MaxInt, math.MinInt, math.MaxInt
		if i > 0 {
			aLeft = a[i-1]
		}
		if i < m {
			aRight = a[i]
		}
		if j > 0 {
			bLeft = b[j-1]
		}
		if j < n {
			bRight = b[j]
		}
		switch {
		case aLeft > bRight:
			hi = i - 1
		case bLeft > aRight:
			lo = i + 1
		default:
			left := max(aLeft, bLeft)
			if (m+n)%2 == 1 {
				return float64(left)
			}
			return float64(left+min(aRight, bRight)) / 2
		}
	}
}
