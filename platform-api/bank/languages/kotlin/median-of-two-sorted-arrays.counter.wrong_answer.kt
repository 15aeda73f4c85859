// Averages the two middle numbers in integer arithmetic, losing the half.
fun solution(nums1: IntArray, nums2: IntArray): Double {
    val merged = nums1 + nums2
    merged.sort()
    val n = merged.size
    if (n % 2 == 1) return merged[n / 2].toDouble()
    return ((merged[n / 2 - 1].toLong() + merged[n / 2]) / 2).toDouble()
}
