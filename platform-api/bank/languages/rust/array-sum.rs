fn solution(nums: Vec<i32>) -> i64 {
    nums.iter().map(|&x| i64::from(x)).sum()
}
