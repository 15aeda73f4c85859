object Solution {
  def solution(n: Int): Int = {
    val all = (1 << n) - 1
    // Bit sets of the columns and of the two diagonals attacked on the next row.
    def count(columns: Int, down: Int, up: Int): Int = {
      if (columns == all) return 1
      var total = 0
      var free = all & ~(columns | down | up)
      while (free != 0) {
        val bit = free & -free
        free -= bit
        total += count(columns | bit, ((down | bit) << 1) & all, (up | bit) >> 1)
      }
      total
    }
    count(0, 0, 0)
  }
}
