fun solution(heights: IntArray): Long {
    var i = 0
    var j = heights.size - 1
    var leftMax = 0
    var rightMax = 0
    var water = 0L
    // The lower side bounds the water above its bar, whatever lies between.
    while (i < j) {
        if (heights[i] < heights[j]) {
            leftMax = maxOf(leftMax, heights[i])
            water += leftMax - heights[i]
            i++
        } else {
            rightMax = maxOf(rightMax, heights[j])
            water += rightMax - heights[j]
            j--
        }
    }
    return water
}
