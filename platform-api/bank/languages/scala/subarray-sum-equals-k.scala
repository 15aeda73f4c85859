object Solution {
  def solution(nums: Array[Int], k: Int): Long = {
    // How many prefixes have each sum: a subarray ending here sums to k when a prefix summed to sum - k.
    val prefixes = new java.util.HashMap[Integer, Integer]()
    prefixes.put(0, 1)
    var sum = 0
    var count = 0L
    for (x <- nums) {
      sum += x
      val before = prefixes.get(sum - k)
      if (before != null) count += before.intValue
      val seen = prefixes.get(sum)
      prefixes.put(sum, if (seen == null) 1 else seen.intValue + 1)
    }
    count
  }
}
