object Solution {
  def solution(a: String, b: String): Int = {
    val m = b.length
    var previous = Array.tabulate(m + 1)(identity)
    var current = new Array[Int](m + 1)
    var i = 1
    while (i <= a.length) {
      current(0) = i
      var j = 1
      while (j <= m) {
        current(j) =
          if (a.charAt(i - 1) == b.charAt(j - 1)) previous(j - 1)
          else 1 + math.min(previous(j - 1), math.min(previous(j), current(j - 1)))
        j += 1
      }
      val swap = previous
      previous = current
      current = swap
      i += 1
    }
    previous(m)
  }
}
