fn solution(n: i32) -> i32 {
    const MOD: i64 = 1_000_000_007;
    // ways to reach steps i-3, i-2, i-1; the ground (step 0) is reached one way
    let (mut a, mut b, mut c) = (0i64, 0i64, 1i64);
    for _ in 0..n {
        (a, b, c) = (b, c, (a + b + c) % MOD);
    }
    c as i32
}
