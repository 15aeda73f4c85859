fun solution(n: Int): Int {
    val all = (1 shl n) - 1
    // Bit sets of the columns and of the two diagonals attacked on the next row.
    fun count(columns: Int, down: Int, up: Int): Int {
        if (columns == all) return 1
        var total = 0
        var free = all and (columns or down or up).inv()
        while (free != 0) {
            val bit = free and -free
            free -= bit
            total += count(columns or bit, ((down or bit) shl 1) and all, (up or bit) shr 1)
        }
        return total
    }
    return count(0, 0, 0)
}
