fun solution(nums: IntArray, target: Int): IntArray {
    val positions = HashMap<Int, Int>(nums.size * 2)
    for (j in nums.indices) {
        val i = positions[target - nums[j]]
        if (i != null) return intArrayOf(i, j)
        positions[nums[j]] = j
    }
    return IntArray(0)
}
