package main

// Groups by the set of letters, ignoring how often each appears.
func solution(words []string) [][]string {
	index := make(map[[26]bool]int)
	var groups [][]string
	for _, w := range words {
		var key [26]bool
		for _, c := range w {
			key[c-'a'] = true
		}
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], w)
	}
	return groups
}
