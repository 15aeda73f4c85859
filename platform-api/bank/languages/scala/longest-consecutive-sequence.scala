object Solution {
  def solution(nums: Array[Int]): Int = {
    val present = new java.util.HashSet[Integer](nums.length * 2)
    for (x <- nums) present.add(x)
    var best = 0
    val it = present.iterator()
    while (it.hasNext) {
      val x: Int = it.next()
      if (!present.contains(x - 1)) {
        var end = x
        while (present.contains(end + 1)) end += 1
        best = math.max(best, end - x + 1)
      }
    }
    best
  }
}
