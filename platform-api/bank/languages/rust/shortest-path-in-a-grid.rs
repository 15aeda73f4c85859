use std::collections::VecDeque;

fn solution(grid: Vec<String>) -> i32 {
    let (rows, cols) = (grid.len(), grid[0].len());
    let width = cols + 1; // a wall column on the right keeps moves from wrapping around
    let mut open = vec![false; width * (rows + 2)];
    let (mut start, mut goal) = (0, 0);
    for (r, row) in grid.iter().enumerate() {
        for (c, &ch) in row.as_bytes().iter().enumerate() {
            let cell = (r + 1) * width + c;
            open[cell] = ch != b'#';
            if ch == b'S' {
                start = cell;
            } else if ch == b'E' {
                goal = cell;
            }
        }
    }
    let mut dist = vec![-1i32; open.len()];
    dist[start] = 0;
    let mut queue = VecDeque::from([start]);
    while let Some(c) = queue.pop_front() {
        if c == goal {
            return dist[c];
        }
        for next in [c - 1, c + 1, c - width, c + width] {
            if open[next] && dist[next] < 0 {
                dist[next] = dist[c] + 1;
                queue.push_back(next);
            }
        }
    }
    -1
}
