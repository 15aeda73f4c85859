fun solution(s: String): Int {
    val lastSeen = IntArray(128) { -1 }
    var start = 0
    var best = 0
    for (i in s.indices) {
        val c = s[i].toInt()
        if (lastSeen[c] >= start) start = lastSeen[c] + 1
        lastSeen[c] = i
        best = maxOf(best, i - start + 1)
    }
    return best
}
