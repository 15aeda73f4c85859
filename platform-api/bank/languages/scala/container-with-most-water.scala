object Solution {
  def solution(heights: Array[Int]): Int = {
    var i = 0
    var j = heights.length - 1
    var best = 0
    while (i < j) {
      best = math.max(best, math.min(heights(i), heights(j)) * (j - i))
      if (heights(i) < heights(j)) i += 1 else j -= 1
    }
    best
  }
}
