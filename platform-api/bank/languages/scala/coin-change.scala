object Solution {
  def solution(coins: Array[Int], amount: Int): Int = {
    val none = Int.MaxValue
    val fewest = Array.fill(amount + 1)(none)
    fewest(0) = 0
    var value = 1
    while (value <= amount) {
      for (coin <- coins) {
        if (coin <= value && fewest(value - coin) != none && fewest(value - coin) + 1 < fewest(value))
          fewest(value) = fewest(value - coin) + 1
      }
      value += 1
    }
    if (fewest(amount) == none) -1 else fewest(amount)
  }
}
