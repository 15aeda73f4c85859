fun solution(prices: IntArray): Int {
    var lowest = Int.MAX_VALUE
    var best = 0
    for (price in prices) {
        if (price < lowest) lowest = price
        else if (price - lowest > best) best = price - lowest
    }
    return best
}
