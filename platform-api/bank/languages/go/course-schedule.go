package main

import "container/heap"

type minHeap []int

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func solution(n int, prerequisites [][]int) []int {
	after := make([][]int, n)
	waiting := make([]int, n)
	for _, p := range prerequisites {
		after[p[1]] = append(after[p[1]], p[0])
		waiting[p[0]]++
	}
	ready := &minHeap{}
	for course := 0; course < n; course++ {
		if waiting[course] == 0 {
			*ready = append(*ready, course)
		}
	}
	heap.Init(ready)
	order := make([]int, 0, n)
	for ready.Len() > 0 {
		course := heap.Pop(ready).(int)
		order = append(order, course)
		for _, next := range after[course] {
			waiting[next]--
			if waiting[next] == 0 {
				heap.Push(ready, next)
			}
		}
	}
	if len(order) < n {
		return []int{}
	}
	return order
}
