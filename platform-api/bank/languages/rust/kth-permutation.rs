fn solution(n: i32, k: i64) -> Vec<i32> {
    let n = n as usize;
    let mut factorial = vec![1i64; n + 1];
    for i in 1..=n {
        factorial[i] = factorial[i - 1] * i as i64;
    }
    let mut remaining: Vec<i32> = (1..=n as i32).collect();
    let mut k = k - 1;
    let mut result = Vec::with_capacity(n);
    for left in (1..=n).rev() {
        let index = (k / factorial[left - 1]) as usize;
        k %= factorial[left - 1];
        result.push(remaining.remove(index));
    }
    result
}
