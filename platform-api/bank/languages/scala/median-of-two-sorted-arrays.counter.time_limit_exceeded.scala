// Finds each middle number by counting, for every candidate, the numbers below it: quadratic.
object Solution {
  def solution(nums1: Array[Int], nums2: Array[Int]): Double = {
    val all = nums1 ++ nums2
    val n = all.length
    def rank(k: Int): Int = {
      for (x <- all) {
        var below = 0
        var equal = 0
        for (y <- all) {
          if (y < x) below += 1 else if (y == x) equal += 1
        }
        if (below <= k && k < below + equal) return x
      }
      0
    }
    if (n % 2 == 1) rank(n / 2).toDouble
    else (rank(n / 2 - 1).toLong + rank(n / 2)) / 2.0
  }
}
