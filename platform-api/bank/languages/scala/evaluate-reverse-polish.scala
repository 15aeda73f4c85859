object Solution {
  def solution(tokens: Array[String]): Long = {
    val stack = new Array[Long](tokens.length)
    var top = 0
    for (token <- tokens) {
      if (token.length == 1 && "+-*/".indexOf(token.charAt(0)) >= 0) {
        val b = stack(top - 1)
        val a = stack(top - 2)
        top -= 2
        stack(top) = token.charAt(0) match {
          case '+' => a + b
          case '-' => a - b
          case '*' => a * b
          case _ => a / b // truncates toward zero, as asked
        }
      } else {
        stack(top) = token.toLong
      }
      top += 1
    }
    stack(0)
  }
}
