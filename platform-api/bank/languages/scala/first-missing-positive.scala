object Solution {
  def solution(nums: Array[Int]): Int = {
    val n = nums.length
    // Put each value v of 1..n at index v - 1, by swapping, so the first misplaced index is the answer.
    var i = 0
    while (i < n) {
      while (nums(i) >= 1 && nums(i) <= n && nums(nums(i) - 1) != nums(i)) {
        val j = nums(i) - 1
        nums(i) = nums(j)
        nums(j) = j + 1
      }
      i += 1
    }
    i = 0
    while (i < n && nums(i) == i + 1) i += 1
    i + 1
  }
}
