// Built once while the image is built, as a learner's program is, so the build is known to work
// from the filled cache.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	var n int
	fmt.Fscan(in, &n)
	xs := make([]int, n)
	for i := range xs {
		xs[i] = n - i
	}
	sort.Ints(xs)
	fmt.Println(xs)
}
