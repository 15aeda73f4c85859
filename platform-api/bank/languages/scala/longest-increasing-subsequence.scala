object Solution {
  def solution(nums: Array[Int]): Int = {
    // tails(i): the smallest last element of an increasing subsequence of length i + 1.
    val tails = new Array[Int](nums.length)
    var length = 0
    for (x <- nums) {
      var lo = 0
      var hi = length
      while (lo < hi) {
        val mid = (lo + hi) >>> 1
        if (tails(mid) < x) lo = mid + 1 else hi = mid
      }
      tails(lo) = x
      if (lo == length) length += 1
    }
    length
  }
}
