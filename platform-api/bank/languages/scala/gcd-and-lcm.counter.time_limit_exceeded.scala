// Searches for the lcm by counting up from the larger number, one by one.
object Solution {
  def solution(a: Int, b: Int): Array[Long] = {
    var lcm = math.max(a, b).toLong
    while (lcm % a != 0 || lcm % b != 0) lcm += 1
    Array(a.toLong * b / lcm, lcm)
  }
}
