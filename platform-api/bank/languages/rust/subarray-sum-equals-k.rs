use std::collections::HashMap;

fn solution(nums: Vec<i32>, k: i32) -> i64 {
    let mut seen: HashMap<i64, i64> = HashMap::from([(0, 1)]);
    let (mut prefix, mut count) = (0i64, 0i64);
    for x in nums {
        prefix += i64::from(x);
        count += seen.get(&(prefix - i64::from(k))).copied().unwrap_or(0);
        *seen.entry(prefix).or_insert(0) += 1;
    }
    count
}
