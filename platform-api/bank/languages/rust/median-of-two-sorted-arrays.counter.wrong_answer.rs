// Returns the lower middle number when the count is even.
fn solution(nums1: Vec<i32>, nums2: Vec<i32>) -> f64 {
    let mut merged = [nums1, nums2].concat();
    merged.sort_unstable();
    f64::from(merged[(merged.len() - 1) / 2])
}
