fun solution(a: Int, b: Int): LongArray {
    var x = a.toLong()
    var y = b.toLong()
    while (y != 0L) {
        val r = x % y
        x = y
        y = r
    }
    return longArrayOf(x, a / x * b)
}
