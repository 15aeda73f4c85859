fn solution(heights: Vec<i32>) -> i64 {
    if heights.is_empty() {
        return 0;
    }
    let (mut i, mut j) = (0, heights.len() - 1);
    let (mut left, mut right) = (0i64, 0i64);
    let mut water = 0i64;
    while i < j {
        if heights[i] < heights[j] {
            left = left.max(i64::from(heights[i]));
            water += left - i64::from(heights[i]);
            i += 1;
        } else {
            right = right.max(i64::from(heights[j]));
            water += right - i64::from(heights[j]);
            j -= 1;
        }
    }
    water
}
