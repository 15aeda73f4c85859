object Solution {
  def solution(grid: Array[String]): Int = {
    val rows = grid.length
    val cols = grid(0).length
    val seen = new Array[Boolean](rows * cols)
    val queue = new Array[Int](rows * cols)
    val dr = Array(-1, 1, 0, 0)
    val dc = Array(0, 0, -1, 1)
    var islands = 0
    var start = 0
    while (start < rows * cols) {
      if (!seen(start) && grid(start / cols).charAt(start % cols) == '#') {
        islands += 1
        seen(start) = true
        var head = 0
        var tail = 0
        queue(tail) = start
        tail += 1
        while (head < tail) {
          val cell = queue(head)
          head += 1
          val r = cell / cols
          val c = cell % cols
          var d = 0
          while (d < 4) {
            val nr = r + dr(d)
            val nc = c + dc(d)
            if (nr >= 0 && nr < rows && nc >= 0 && nc < cols) {
              val next = nr * cols + nc
              if (!seen(next) && grid(nr).charAt(nc) == '#') {
                seen(next) = true
                queue(tail) = next
                tail += 1
              }
            }
            d += 1
          }
        }
      }
      start += 1
    }
    islands
  }
}
