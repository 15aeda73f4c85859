fun solution(nums: IntArray, k: Int): Long {
    // How many prefixes have each sum: a subarray ending here sums to k when a prefix summed to sum - k.
    val prefixes = HashMap<Int, Int>()
    prefixes[0] = 1
    var sum = 0
    var count = 0L
    for (x in nums) {
        sum += x
        count += prefixes[sum - k] ?: 0
        prefixes[sum] = (prefixes[sum] ?: 0) + 1
    }
    return count
}
