fun solution(n: Int, k: Long): IntArray {
    val factorial = LongArray(n + 1)
    factorial[0] = 1
    for (i in 1..n) factorial[i] = factorial[i - 1] * i
    val unused = (1..n).toMutableList()
    var rest = k - 1
    return IntArray(n) { position ->
        val block = factorial[n - 1 - position]
        val index = (rest / block).toInt()
        rest %= block
        unused.removeAt(index)
    }
}
