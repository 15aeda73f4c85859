fun solution(grid: Array<String>): Int {
    val rows = grid.size
    val cols = grid[0].length
    val seen = BooleanArray(rows * cols)
    val queue = IntArray(rows * cols)
    val dr = intArrayOf(-1, 1, 0, 0)
    val dc = intArrayOf(0, 0, -1, 1)
    var islands = 0
    for (start in 0 until rows * cols) {
        if (seen[start] || grid[start / cols][start % cols] != '#') continue
        islands++
        seen[start] = true
        var head = 0
        var tail = 0
        queue[tail++] = start
        while (head < tail) {
            val cell = queue[head++]
            val r = cell / cols
            val c = cell % cols
            for (d in 0 until 4) {
                val nr = r + dr[d]
                val nc = c + dc[d]
                if (nr in 0 until rows && nc in 0 until cols) {
                    val next = nr * cols + nc
                    if (!seen[next] && grid[nr][nc] == '#') {
                        seen[next] = true
                        queue[tail++] = next
                    }
                }
            }
        }
    }
    return islands
}
