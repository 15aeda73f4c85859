fun solution(nums: IntArray): Int {
    // tails[i]: the smallest last element of an increasing subsequence of length i + 1.
    val tails = IntArray(nums.size)
    var length = 0
    for (x in nums) {
        var lo = 0
        var hi = length
        while (lo < hi) {
            val mid = (lo + hi) ushr 1
            if (tails[mid] < x) lo = mid + 1 else hi = mid
        }
        tails[lo] = x
        if (lo == length) length++
    }
    return length
}
