// Finds each middle number by counting, for every candidate, the numbers below it: quadratic.
fun solution(nums1: IntArray, nums2: IntArray): Double {
    val all = nums1 + nums2
    val n = all.size
    fun rank(k: Int): Int {
        for (x in all) {
            var below = 0
            var equal = 0
            for (y in all) {
                if (y < x) below++ else if (y == x) equal++
            }
            if (below <= k && k < below + equal) return x
        }
        return 0
    }
    if (n % 2 == 1) return rank(n / 2).toDouble()
    return (rank(n / 2 - 1).toLong() + rank(n / 2)) / 2.0
}
