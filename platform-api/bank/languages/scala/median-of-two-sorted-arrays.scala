object Solution {
  def solution(nums1: Array[Int], nums2: Array[Int]): Double = {
    // Binary search over the shorter array for how many of its numbers sit left of the median.
    val (a, b) = if (nums1.length <= nums2.length) (nums1, nums2) else (nums2, nums1)
    val m = a.length
    val n = b.length
    val half = (m + n + 1) / 2
    var lo = 0
    var hi = m
    while (true) {
      val i = (lo + hi) / 2
      val j = half - i
      val aLeft = if (i > 0) a(i - 1).toLong else Long.MinValue
      val aRight = if (i < m) a(i).toLong else Long.MaxValue
      val bLeft = if (j > 0) b(j - 1).toLong else Long.MinValue
      val bRight = if (j < n) b(j).toLong else Long.MaxValue
      if (aLeft > bRight) hi = i - 1
      else if (bLeft > aRight) lo = i + 1
      else {
        val left = math.max(aLeft, bLeft)
        return if ((m + n) % 2 == 1) left.toDouble else (left + math.min(aRight, bRight)) / 2.0
      }
    }
    throw new IllegalStateException("the arrays are not sorted")
  }
}
