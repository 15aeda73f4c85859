fun solution(nums1: IntArray, nums2: IntArray): Double {
    // Binary search over the shorter array for how many of its numbers sit left of the median.
    val a = if (nums1.size <= nums2.size) nums1 else nums2
    val b = if (nums1.size <= nums2.size) nums2 else nums1
    val m = a.size
    val n = b.size
    val half = (m + n + 1) / 2
    var lo = 0
    var hi = m
    while (true) {
        val i = (lo + hi) / 2
        val j = half - i
        val aLeft = if (i > 0) a[i - 1].toLong() else Long.MIN_VALUE
        val aRight = if (i < m) a[i].toLong() else Long.MAX_VALUE
        val bLeft = if (j > 0) b[j - 1].toLong() else Long.MIN_VALUE
        val bRight = if (j < n) b[j].toLong() else Long.MAX_VALUE
        when {
            aLeft > bRight -> hi = i - 1
            bLeft > aRight -> lo = i + 1
            else -> {
                val left = maxOf(aLeft, bLeft)
                return if ((m + n) % 2 == 1) left.toDouble() else (left + minOf(aRight, bRight)) / 2.0
            }
        }
    }
}
