use std::cmp::Reverse;
use std::collections::BinaryHeap;

fn solution(n: i32, prerequisites: Vec<Vec<i32>>) -> Vec<i32> {
    let n = n as usize;
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting = vec![0usize; n];
    for pair in &prerequisites {
        let (a, b) = (pair[0] as usize, pair[1] as usize);
        after[b].push(a);
        waiting[a] += 1;
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..n).filter(|&c| waiting[c] == 0).map(Reverse).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse(course)) = ready.pop() {
        order.push(course as i32);
        for &next in &after[course] {
            waiting[next] -= 1;
            if waiting[next] == 0 {
                ready.push(Reverse(next));
            }
        }
    }
    if order.len() < n {
        Vec::new()
    } else {
        order
    }
}
