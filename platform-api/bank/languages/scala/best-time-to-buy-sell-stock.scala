object Solution {
  def solution(prices: Array[Int]): Int = {
    var lowest = Int.MaxValue
    var best = 0
    for (price <- prices) {
      if (price < lowest) lowest = price
      else if (price - lowest > best) best = price - lowest
    }
    best
  }
}
