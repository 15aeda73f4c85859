object Solution {
  def solution(s: String): Int = {
    val lastSeen = Array.fill(128)(-1)
    var start = 0
    var best = 0
    var i = 0
    while (i < s.length) {
      val c = s.charAt(i)
      if (lastSeen(c) >= start) start = lastSeen(c) + 1
      lastSeen(c) = i
      best = math.max(best, i - start + 1)
      i += 1
    }
    best
  }
}
