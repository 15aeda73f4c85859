import scala.collection.mutable

object Solution {
  def solution(n: Int, k: Long): Array[Int] = {
    val factorial = new Array[Long](n + 1)
    factorial(0) = 1
    for (i <- 1 to n) factorial(i) = factorial(i - 1) * i
    val unused = mutable.ArrayBuffer(1 to n: _*)
    var rest = k - 1
    Array.tabulate(n) { position =>
      val block = factorial(n - 1 - position)
      val index = (rest / block).toInt
      rest %= block
      unused.remove(index)
    }
  }
}
