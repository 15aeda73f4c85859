fn solution(s: String, t: String) -> String {
    let bytes = s.as_bytes();
    let mut need = [0i32; 128];
    for &c in t.as_bytes() {
        need[c as usize] += 1;
    }
    let mut missing = t.len();
    let (mut best_start, mut best_len) = (0usize, bytes.len() + 1);
    let mut left = 0;
    for right in 0..bytes.len() {
        let c = bytes[right] as usize;
        if need[c] > 0 {
            missing -= 1;
        }
        need[c] -= 1;
        while missing == 0 {
            if right - left + 1 < best_len {
                best_start = left;
                best_len = right - left + 1;
            }
            let d = bytes[left] as usize;
            need[d] += 1;
            if need[d] > 0 {
                missing += 1;
            }
            left += 1;
        }
    }
    if best_len > bytes.len() {
        String::new()
    } else {
        s[best_start..best_start + best_len].to_string()
    }
}
