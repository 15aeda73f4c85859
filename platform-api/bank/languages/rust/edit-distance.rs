fn solution(a: String, b: String) -> i32 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // prev[j]: distance between the first i-1 letters of a and the first j letters of b
    let mut prev: Vec<i32> = (0..=b.len() as i32).collect();
    let mut cur = vec![0i32; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i as i32;
        for j in 1..=b.len() {
            cur[j] = if a[i - 1] == b[j - 1] {
                prev[j - 1]
            } else {
                prev[j - 1].min(prev[j]).min(cur[j - 1]) + 1
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
