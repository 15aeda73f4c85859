fn solution(heights: Vec<i32>) -> i32 {
    let (mut i, mut j) = (0, heights.len() - 1);
    let mut best = 0;
    while i < j {
        let width = (j - i) as i32;
        if heights[i] < heights[j] {
            best = best.max(heights[i] * width);
            i += 1;
        } else {
            best = best.max(heights[j] * width);
            j -= 1;
        }
    }
    best
}
