fn solution(mut nums: Vec<i32>) -> i32 {
    let n = nums.len();
    for i in 0..n {
        // Put each value v in 1..n at index v - 1.
        while nums[i] > 0 && (nums[i] as usize) <= n && nums[nums[i] as usize - 1] != nums[i] {
            let v = nums[i] as usize;
            nums.swap(i, v - 1);
        }
    }
    for (i, &v) in nums.iter().enumerate() {
        if v != i as i32 + 1 {
            return i as i32 + 1;
        }
    }
    n as i32 + 1
}
