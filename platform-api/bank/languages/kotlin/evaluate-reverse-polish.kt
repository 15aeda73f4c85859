fun solution(tokens: Array<String>): Long {
    val stack = LongArray(tokens.size)
    var top = 0
    for (token in tokens) {
        if (token.length == 1 && token[0] in "+-*/") {
            val b = stack[--top]
            val a = stack[--top]
            stack[top++] = when (token[0]) {
                '+' -> a + b
                '-' -> a - b
                '*' -> a * b
                else -> a / b // truncates toward zero, as asked
            }
        } else {
            stack[top++] = token.toLong()
        }
    }
    return stack[0]
}
