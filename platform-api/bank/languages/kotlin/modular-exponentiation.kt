fun solution(base: Long, exponent: Long, modulus: Int): Int {
    val m = modulus.toLong()
    var result = 1 % m
    var square = base % m
    var e = exponent
    while (e > 0) {
        if ((e and 1L) == 1L) result = result * square % m
        square = square * square % m
        e = e shr 1
    }
    return result.toInt()
}
