fn solution(tokens: Vec<String>) -> i64 {
    let mut stack: Vec<i64> = Vec::with_capacity(tokens.len());
    for tok in &tokens {
        match tok.as_str() {
            "+" | "-" | "*" | "/" => {
                let b = stack.pop().unwrap();
                let a = stack.pop().unwrap();
                stack.push(match tok.as_str() {
                    "+" => a + b,
                    "-" => a - b,
                    "*" => a * b,
                    _ => a / b, // Rust's division truncates toward zero
                });
            }
            number => stack.push(number.parse().unwrap()),
        }
    }
    stack[stack.len() - 1]
}
