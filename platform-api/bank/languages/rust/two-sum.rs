use std::collections::HashMap;

fn solution(nums: Vec<i32>, target: i32) -> Vec<i32> {
    let mut seen: HashMap<i64, usize> = HashMap::with_capacity(nums.len());
    for (j, &x) in nums.iter().enumerate() {
        if let Some(&i) = seen.get(&(i64::from(target) - i64::from(x))) {
            return vec![i as i32, j as i32];
        }
        seen.entry(i64::from(x)).or_insert(j);
    }
    Vec::new()
}
