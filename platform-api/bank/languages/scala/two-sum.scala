object Solution {
  def solution(nums: Array[Int], target: Int): Array[Int] = {
    val positions = new java.util.HashMap[Integer, Integer](nums.length * 2)
    var j = 0
    while (j < nums.length) {
      val i = positions.get(target - nums(j))
      if (i != null) return Array(i.intValue, j)
      positions.put(nums(j), j)
      j += 1
    }
    Array.empty[Int]
  }
}
