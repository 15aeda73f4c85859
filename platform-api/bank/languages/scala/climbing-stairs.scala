object Solution {
  def solution(n: Int): Int = {
    val mod = 1000000007L
    // Ways to reach the last three steps; step 0 is reached one way (standing there).
    var last = 1L
    var before = 0L
    var earlier = 0L
    var step = 1
    while (step <= n) {
      val ways = (last + before + earlier) % mod
      earlier = before
      before = last
      last = ways
      step += 1
    }
    last.toInt
  }
}
