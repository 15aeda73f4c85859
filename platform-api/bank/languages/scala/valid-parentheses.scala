object Solution {
  def solution(s: String): Boolean = {
    // The closing bracket each open one waits for, innermost last.
    val expected = new Array[Char](s.length)
    var top = 0
    var i = 0
    var balanced = true
    while (balanced && i < s.length) {
      s.charAt(i) match {
        case '(' => expected(top) = ')'; top += 1
        case '[' => expected(top) = ']'; top += 1
        case '{' => expected(top) = '}'; top += 1
        case c =>
          if (top == 0 || expected(top - 1) != c) balanced = false
          else top -= 1
      }
      i += 1
    }
    balanced && top == 0
  }
}
