fun solution(s: String, t: String): String {
    val need = IntArray(128)
    for (c in t) need[c.toInt()]++
    var missing = t.length
    var bestStart = 0
    var bestLength = Int.MAX_VALUE
    var left = 0
    for (right in s.indices) {
        val c = s[right].toInt()
        if (need[c] > 0) missing--
        need[c]--
        while (missing == 0) {
            if (right - left + 1 < bestLength) {
                bestLength = right - left + 1
                bestStart = left
            }
            val out = s[left].toInt()
            need[out]++
            if (need[out] > 0) missing++
            left++
        }
    }
    return if (bestLength == Int.MAX_VALUE) "" else s.substring(bestStart, bestStart + bestLength)
}
