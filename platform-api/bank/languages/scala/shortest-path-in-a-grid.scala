object Solution {
  def solution(grid: Array[String]): Int = {
    val rows = grid.length
    val cols = grid(0).length
    val distance = Array.fill(rows * cols)(-1)
    val queue = new Array[Int](rows * cols)
    val dr = Array(-1, 1, 0, 0)
    val dc = Array(0, 0, -1, 1)
    var head = 0
    var tail = 0
    for (r <- 0 until rows; c <- 0 until cols if grid(r).charAt(c) == 'S') {
      distance(r * cols + c) = 0
      queue(tail) = r * cols + c
      tail += 1
    }
    while (head < tail) {
      val cell = queue(head)
      head += 1
      val r = cell / cols
      val c = cell % cols
      if (grid(r).charAt(c) == 'E') return distance(cell)
      var d = 0
      while (d < 4) {
        val nr = r + dr(d)
        val nc = c + dc(d)
        if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && grid(nr).charAt(nc) != '#') {
          val next = nr * cols + nc
          if (distance(next) < 0) {
            distance(next) = distance(cell) + 1
            queue(tail) = next
            tail += 1
          }
        }
        d += 1
      }
    }
    -1
  }
}
