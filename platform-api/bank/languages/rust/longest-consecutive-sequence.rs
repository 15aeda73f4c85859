use std::collections::HashSet;

fn solution(nums: Vec<i32>) -> i32 {
    let values: HashSet<i32> = nums.into_iter().collect();
    let mut best = 0;
    for &x in &values {
        if values.contains(&(x - 1)) {
            continue;
        }
        let mut y = x;
        while values.contains(&(y + 1)) {
            y += 1;
        }
        best = best.max(y - x + 1);
    }
    best
}
