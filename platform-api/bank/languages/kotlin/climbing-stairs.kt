fun solution(n: Int): Int {
    val mod = 1_000_000_007L
    // Ways to reach the last three steps; step 0 is reached one way (standing there).
    var last = 1L
    var before = 0L
    var earlier = 0L
    for (step in 1..n) {
        val ways = (last + before + earlier) % mod
        earlier = before
        before = last
        last = ways
    }
    return last.toInt()
}
