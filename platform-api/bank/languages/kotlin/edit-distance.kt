fun solution(a: String, b: String): Int {
    val m = b.length
    var previous = IntArray(m + 1) { it }
    var current = IntArray(m + 1)
    for (i in 1..a.length) {
        current[0] = i
        for (j in 1..m) {
            current[j] = if (a[i - 1] == b[j - 1]) previous[j - 1]
            else 1 + minOf(previous[j - 1], previous[j], current[j - 1])
        }
        val swap = previous
        previous = current
        current = swap
    }
    return previous[m]
}
