import scala.collection.mutable

object Solution {
  def solution(n: Int, prerequisites: Array[Array[Int]]): Array[Int] = {
    val waiting = new Array[Int](n)
    val unlocks = Array.fill(n)(mutable.ArrayBuffer[Int]())
    for (pair <- prerequisites) {
      unlocks(pair(1)) += pair(0)
      waiting(pair(0)) += 1
    }
    val ready = new java.util.PriorityQueue[Integer]()
    for (course <- 0 until n if waiting(course) == 0) ready.add(course)
    val order = new Array[Int](n)
    var taken = 0
    while (!ready.isEmpty) {
      val course: Int = ready.poll()
      order(taken) = course
      taken += 1
      for (next <- unlocks(course)) {
        waiting(next) -= 1
        if (waiting(next) == 0) ready.add(next)
      }
    }
    if (taken == n) order else Array.empty[Int]
  }
}
