// Builds the merged array by inserting the second array's numbers one at a time, then sorts it
// again after every insertion.
fn solution(nums1: Vec<i32>, nums2: Vec<i32>) -> f64 {
    let mut merged = nums1;
    for x in nums2 {
        merged.push(x);
        merged.sort();
    }
    let n = merged.len();
    if n % 2 == 1 {
        f64::from(merged[n / 2])
    } else {
        (f64::from(merged[n / 2 - 1]) + f64::from(merged[n / 2])) / 2.0
    }
}
