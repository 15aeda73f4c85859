object Solution {
  def solution(s: String): Boolean = {
    var i = 0
    var j = s.length - 1
    while (i < j) {
      if (!s.charAt(i).isLetterOrDigit) i += 1
      else if (!s.charAt(j).isLetterOrDigit) j -= 1
      else if (s.charAt(i).toLower != s.charAt(j).toLower) return false
      else {
        i += 1
        j -= 1
      }
    }
    true
  }
}
