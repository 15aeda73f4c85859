fn solution(s: String) -> bool {
    let mut stack: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.bytes() {
        let open = match c {
            b')' => b'(',
            b']' => b'[',
            b'}' => b'{',
            _ => {
                stack.push(c);
                continue;
            }
        };
        if stack.pop() != Some(open) {
            return false;
        }
    }
    stack.is_empty()
}
