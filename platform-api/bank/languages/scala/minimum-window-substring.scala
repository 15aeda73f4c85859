object Solution {
  def solution(s: String, t: String): String = {
    val need = new Array[Int](128)
    for (c <- t) need(c) += 1
    var missing = t.length
    var bestStart = 0
    var bestLength = Int.MaxValue
    var left = 0
    var right = 0
    while (right < s.length) {
      val c = s.charAt(right)
      if (need(c) > 0) missing -= 1
      need(c) -= 1
      while (missing == 0) {
        if (right - left + 1 < bestLength) {
          bestLength = right - left + 1
          bestStart = left
        }
        val out = s.charAt(left)
        need(out) += 1
        if (need(out) > 0) missing += 1
        left += 1
      }
      right += 1
    }
    if (bestLength == Int.MaxValue) "" else s.substring(bestStart, bestStart + bestLength)
  }
}
