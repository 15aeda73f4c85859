fun solution(coins: IntArray, amount: Int): Int {
    val none = Int.MAX_VALUE
    val fewest = IntArray(amount + 1) { none }
    fewest[0] = 0
    for (value in 1..amount) {
        for (coin in coins) {
            if (coin <= value && fewest[value - coin] != none && fewest[value - coin] + 1 < fewest[value]) {
                fewest[value] = fewest[value - coin] + 1
            }
        }
    }
    return if (fewest[amount] == none) -1 else fewest[amount]
}
