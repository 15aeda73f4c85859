// Searches for the lcm by counting up from the larger number, one by one.
fn solution(a: i32, b: i32) -> Vec<i64> {
    let (a, b) = (i64::from(a), i64::from(b));
    let mut lcm = a.max(b);
    while lcm % a != 0 || lcm % b != 0 {
        lcm += 1;
    }
    vec![a * b / lcm, lcm]
}
