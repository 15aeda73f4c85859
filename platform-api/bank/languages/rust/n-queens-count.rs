// cols, left and right are bit masks of the squares attacked in the current row
fn place(full: u32, cols: u32, left: u32, right: u32) -> i32 {
    if cols == full {
        return 1;
    }
    let mut total = 0;
    let mut free = full & !(cols | left | right);
    while free != 0 {
        let bit = free & free.wrapping_neg();
        free ^= bit;
        total += place(full, cols | bit, ((left | bit) << 1) & full, (right | bit) >> 1);
    }
    total
}

fn solution(n: i32) -> i32 {
    place((1u32 << n) - 1, 0, 0, 0)
}
