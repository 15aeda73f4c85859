object Solution {
  def solution(nums: Array[Int]): Long = {
    var total = 0L
    var i = 0
    while (i < nums.length) {
      total += nums(i)
      i += 1
    }
    total
  }
}
