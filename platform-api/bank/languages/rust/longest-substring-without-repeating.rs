fn solution(s: String) -> i32 {
    let mut last = [usize::MAX; 256];
    let (mut start, mut best) = (0usize, 0usize);
    for (i, &c) in s.as_bytes().iter().enumerate() {
        let seen = last[c as usize];
        if seen != usize::MAX && seen >= start {
            start = seen + 1;
        }
        last[c as usize] = i;
        best = best.max(i - start + 1);
    }
    best as i32
}
