package main

func solution(grid []string) int {
	rows, cols := len(grid), len(grid[0])
	width := cols + 1 // a wall column on the right keeps moves from wrapping around
	open := make([]bool, width*(rows+2))
	start, goal := -1, -1
	for r, row := range grid {
		for c := 0; c < cols; c++ {
			cell := (r+1)*width + c
			open[cell] = row[c] != '#'
			switch row[c] {
			case 'S':
				start = cell
			case 'E':
				goal = cell
			}
		}
	}
	dist := make([]int, len(open))
	for i := range dist {
		dist[i] = -1
	}
	dist[start] = 0
	queue := []int{start}
	for head := 0; head < len(queue); head++ {
		c := queue[head]
		if c == goal {
			return dist[c]
		}
		for _, next := range [4]int{c - 1, c + 1, c - width, c + width} {
			if open[next] && dist[next] < 0 {
				dist[next] = dist[c] + 1
				queue = append(queue, next)
			}
		}
	}
	return -1
}
