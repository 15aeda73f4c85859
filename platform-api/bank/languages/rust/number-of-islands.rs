fn solution(grid: Vec<String>) -> i32 {
    let (rows, cols) = (grid.len(), grid[0].len());
    let width = cols + 1; // a water column on the right keeps neighbours from wrapping around
    let mut land = vec![false; width * (rows + 2)];
    for (r, row) in grid.iter().enumerate() {
        for (c, &ch) in row.as_bytes().iter().enumerate() {
            land[(r + 1) * width + c] = ch == b'#';
        }
    }
    let mut islands = 0;
    let mut stack: Vec<usize> = Vec::new();
    for cell in width..width * (rows + 1) {
        if !land[cell] {
            continue;
        }
        islands += 1;
        land[cell] = false;
        stack.push(cell);
        while let Some(c) = stack.pop() {
            for next in [c - 1, c + 1, c - width, c + width] {
                if land[next] {
                    land[next] = false;
                    stack.push(next);
                }
            }
        }
    }
    islands
}
