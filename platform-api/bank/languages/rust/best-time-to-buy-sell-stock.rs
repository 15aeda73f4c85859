fn solution(prices: Vec<i32>) -> i32 {
    let mut best = 0;
    let mut lowest = prices[0];
    for p in prices {
        if p < lowest {
            lowest = p;
        } else if p - lowest > best {
            best = p - lowest;
        }
    }
    best
}
