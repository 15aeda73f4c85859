object Solution {
  def solution(heights: Array[Int]): Long = {
    var i = 0
    var j = heights.length - 1
    var leftMax = 0
    var rightMax = 0
    var water = 0L
    // The lower side bounds the water above its bar, whatever lies between.
    while (i < j) {
      if (heights(i) < heights(j)) {
        leftMax = math.max(leftMax, heights(i))
        water += leftMax - heights(i)
        i += 1
      } else {
        rightMax = math.max(rightMax, heights(j))
        water += rightMax - heights(j)
        j -= 1
      }
    }
    water
  }
}
