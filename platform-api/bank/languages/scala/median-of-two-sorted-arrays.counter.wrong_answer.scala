// Averages the two middle numbers in integer arithmetic, losing the half.
object Solution {
  def solution(nums1: Array[Int], nums2: Array[Int]): Double = {
    val merged = (nums1 ++ nums2).sorted
    val n = merged.length
    if (n % 2 == 1) merged(n / 2).toDouble
    else ((merged(n / 2 - 1).toLong + merged(n / 2)) / 2).toDouble
  }
}
