fun solution(s: String): Boolean {
    var i = 0
    var j = s.length - 1
    while (i < j) {
        when {
            !s[i].isLetterOrDigit() -> i++
            !s[j].isLetterOrDigit() -> j--
            s[i].toLowerCase() != s[j].toLowerCase() -> return false
            else -> {
                i++
                j--
            }
        }
    }
    return true
}
