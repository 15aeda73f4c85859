package main

func solution(n int) int {
	full := 1<<n - 1
	// cols, left and right are bit masks of the squares attacked in the current row
	var place func(cols, left, right int) int
	place = func(cols, left, right int) int {
		if cols == full {
			return 1
		}
		total := 0
		free := full &^ (cols | left | right)
		for free != 0 {
			bit := free & -free
			free ^= bit
			total += place(cols|bit, (left|bit)<<1&full, (right|bit)>>1)
		}
		return total
	}
	return place(0, 0, 0)
}
