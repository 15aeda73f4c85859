fun solution(heights: IntArray): Int {
    var i = 0
    var j = heights.size - 1
    var best = 0
    while (i < j) {
        best = maxOf(best, minOf(heights[i], heights[j]) * (j - i))
        if (heights[i] < heights[j]) i++ else j--
    }
    return best
}
