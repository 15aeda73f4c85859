fun solution(s: String): Boolean {
    // The closing bracket each open one waits for, innermost last.
    val expected = CharArray(s.length)
    var top = 0
    for (c in s) {
        when (c) {
            '(' -> expected[top++] = ')'
            '[' -> expected[top++] = ']'
            '{' -> expected[top++] = '}'
            else -> if (top == 0 || expected[--top] != c) return false
        }
    }
    return top == 0
}
