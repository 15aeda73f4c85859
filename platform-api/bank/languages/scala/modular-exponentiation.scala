object Solution {
  def solution(base: Long, exponent: Long, modulus: Int): Int = {
    val m = modulus.toLong
    var result = 1 % m
    var square = base % m
    var e = exponent
    while (e > 0) {
      if ((e & 1) == 1) result = result * square % m
      square = square * square % m
      e >>= 1
    }
    result.toInt
  }
}
