fun solution(nums: IntArray): Long {
    var total = 0L
    for (x in nums) total += x
    return total
}
