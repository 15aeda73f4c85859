fn solution(base: i64, exponent: i64, modulus: i32) -> i32 {
    let m = modulus as u64;
    let mut result = 1 % m;
    let mut b = base as u64 % m;
    let mut e = exponent;
    while e > 0 {
        if e & 1 == 1 {
            result = result * b % m;
        }
        b = b * b % m;
        e >>= 1;
    }
    result as i32
}
