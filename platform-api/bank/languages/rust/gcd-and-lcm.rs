fn solution(a: i32, b: i32) -> Vec<i64> {
    let (mut x, mut y) = (i64::from(a), i64::from(b));
    while y != 0 {
        (x, y) = (y, x % y);
    }
    vec![x, i64::from(a) / x * i64::from(b)]
}
