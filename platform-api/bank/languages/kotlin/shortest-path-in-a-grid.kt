fun solution(grid: Array<String>): Int {
    val rows = grid.size
    val cols = grid[0].length
    val distance = IntArray(rows * cols) { -1 }
    val queue = IntArray(rows * cols)
    val dr = intArrayOf(-1, 1, 0, 0)
    val dc = intArrayOf(0, 0, -1, 1)
    var head = 0
    var tail = 0
    for (r in 0 until rows) for (c in 0 until cols) if (grid[r][c] == 'S') {
        distance[r * cols + c] = 0
        queue[tail++] = r * cols + c
    }
    while (head < tail) {
        val cell = queue[head++]
        val r = cell / cols
        val c = cell % cols
        if (grid[r][c] == 'E') return distance[cell]
        for (d in 0 until 4) {
            val nr = r + dr[d]
            val nc = c + dc[d]
            if (nr in 0 until rows && nc in 0 until cols && grid[nr][nc] != '#') {
                val next = nr * cols + nc
                if (distance[next] < 0) {
                    distance[next] = distance[cell] + 1
                    queue[tail++] = next
                }
            }
        }
    }
    return -1
}
