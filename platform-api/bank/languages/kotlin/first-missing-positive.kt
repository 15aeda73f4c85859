fun solution(nums: IntArray): Int {
    val n = nums.size
    // Put each value v of 1..n at index v - 1, by swapping, so the first misplaced index is the answer.
    for (i in 0 until n) {
        while (nums[i] in 1..n && nums[nums[i] - 1] != nums[i]) {
            val j = nums[i] - 1
            nums[i] = nums[j]
            nums[j] = j + 1
        }
    }
    for (i in 0 until n) if (nums[i] != i + 1) return i + 1
    return n + 1
}
