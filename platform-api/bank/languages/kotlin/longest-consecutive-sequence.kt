fun solution(nums: IntArray): Int {
    val present = HashSet<Int>(nums.size * 2)
    for (x in nums) present.add(x)
    var best = 0
    for (x in present) {
        if (x - 1 in present) continue
        var end = x
        while (end + 1 in present) end++
        best = maxOf(best, end - x + 1)
    }
    return best
}
