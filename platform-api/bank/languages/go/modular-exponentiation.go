package main

func solution(base int64, exponent int64, modulus int) int {
	m := uint64(modulus)
	result := 1 % m
	b := uint64(base) % m
	for e := exponent; e > 0; e >>= 1 {
		if e&1 == 1 {
			result = result * b % m
		}
		b = b * b % m
	}
	return int(result)
}
