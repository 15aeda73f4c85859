object Solution {
  def solution(a: Int, b: Int): Array[Long] = {
    var x = a.toLong
    var y = b.toLong
    while (y != 0) {
      val r = x % y
      x = y
      y = r
    }
    Array(x, a / x * b)
  }
}
