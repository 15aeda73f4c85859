package main

func alnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func solution(s string) bool {
	i, j := 0, len(s)-1
	for i < j {
		switch {
		case !alnum(s[i]):
			i++
		case !alnum(s[j]):
			j--
		case lower(s[i]) != lower(s[j]):
			return false
		default:
			i++
			j--
		}
	}
	return true
}
