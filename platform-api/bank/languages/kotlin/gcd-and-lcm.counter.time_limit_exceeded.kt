// Searches for the lcm by counting up from the larger number, one by one.
fun solution(a: Int, b: Int): LongArray {
    var lcm = maxOf(a, b).toLong()
    while (lcm % a != 0L || lcm % b != 0L) lcm++
    return longArrayOf(a.toLong() * b / lcm, lcm)
}
