package main

import "strconv"

func solution(tokens []string) int64 {
	stack := make([]int64, 0, len(tokens))
	for _, tok := range tokens {
		switch tok {
		case "+", "-", "*", "/":
			a, b := stack[len(stack)-2], stack[len(stack)-1]
			stack = stack[:len(stack)-2]
			var v int64
			switch tok {
			case "+":
				v = a + b
			case "-":
				v = a - b
			case "*":
				v = a * b
			default:
				v = a / b // Go's division truncates toward zero
			}
			stack = append(stack, v)
		default:
			v, err := strconv.ParseInt(tok, 10, 64)
			if err != nil {
				panic(err)
			}
			stack = append(stack, v)
		}
	}
	return stack[len(stack)-1]
}
