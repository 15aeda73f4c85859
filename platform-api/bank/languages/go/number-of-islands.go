package main

func solution(grid []string) int {
	rows, cols := len(grid), len(grid[0])
	width := cols + 1 // a water column on the right keeps neighbours from wrapping around
	land := make([]bool, width*(rows+2))
	for r, row := range grid {
		for c := 0; c < cols; c++ {
			land[(r+1)*width+c] = row[c] == '#'
		}
	}
	islands := 0
	var stack []int
	for cell := width; cell < width*(rows+1); cell++ {
		if !land[cell] {
			continue
		}
		islands++
		land[cell] = false
		stack = append(stack[:0], cell)
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, next := range [4]int{c - 1, c + 1, c - width, c + width} {
				if land[next] {
					land[next] = false
					stack = append(stack, next)
				}
			}
		}
	}
	return islands
}
