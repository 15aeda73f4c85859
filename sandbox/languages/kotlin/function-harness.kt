// Codeground function-mode harness, compiled as Main.kt next to the learner's Solution.kt.
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
// In a package of its own, so that none of its names meets one of the learner's.
package codeground

import /*CG:IMPORT*/

@Suppress("UNCHECKED_CAST")
fun main() {
    // Before any of the learner's code runs (their top-level initializers included), their output
    // goes to stderr; the result to the original stdout.
    val cgOut = System.out
    System.setOut(System.err)
    val cgArgs = CgJson(String(System.`in`.readBytes(), Charsets.UTF_8)).value() as List<Any?>
    /*CG:ARGS*/
    val cgResult: Any? = /*CG:CALL*/
    System.err.flush()
    val sb = StringBuilder()
    CgJson.put(sb, cgResult)
    sb.append('\n')
    cgOut.write(sb.toString().toByteArray(Charsets.UTF_8))
    cgOut.flush()
}

class CgJson(private val s: String) {
    private var i = 0

    private fun ws() {
        while (i < s.length && s[i].isWhitespace()) i++
    }

    private fun bad(what: String) = IllegalStateException("malformed arguments: $what at offset $i")

    fun value(): Any? {
        ws()
        if (i >= s.length) throw bad("unexpected end")
        val c = s[i]
        if (c == '[') {
            i++
            val list = ArrayList<Any?>()
            ws()
            if (i < s.length && s[i] == ']') {
                i++
                return list
            }
            while (true) {
                list.add(value())
                ws()
                if (i >= s.length) throw bad("unterminated array")
                val d = s[i++]
                if (d == ']') return list
                if (d != ',') throw bad("expected , or ]")
            }
        }
        if (c == '"') return string()
        if (s.startsWith("true", i)) { i += 4; return true }
        if (s.startsWith("false", i)) { i += 5; return false }
        if (s.startsWith("null", i)) { i += 4; return null }
        val start = i
        var decimal = false
        while (i < s.length && "+-0123456789.eE".indexOf(s[i]) >= 0) {
            val d = s[i++]
            if (d == '.' || d == 'e' || d == 'E') decimal = true
        }
        if (start == i) throw bad("unexpected character")
        val number = s.substring(start, i)
        // An integral float such as 1e20 is written by JSON without an exponent: beyond a long, a double.
        if (!decimal) number.toLongOrNull()?.let { return it }
        return number.toDouble()
    }

    private fun string(): String {
        i++
        val sb = StringBuilder()
        while (true) {
            if (i >= s.length) throw bad("unterminated string")
            val c = s[i++]
            if (c == '"') return sb.toString()
            if (c != '\\') {
                sb.append(c)
                continue
            }
            when (val e = s[i++]) {
                'b' -> sb.append('\b')
                'f' -> sb.append('\u000c')
                'n' -> sb.append('\n')
                'r' -> sb.append('\r')
                't' -> sb.append('\t')
                'u' -> {
                    sb.append(s.substring(i, i + 4).toInt(16).toChar())
                    i += 4
                }
                else -> sb.append(e)
            }
        }
    }

    companion object {
        private fun arrayClass(type: String): Class<*> = when (type) {
            "int[]" -> IntArray::class.java
            "long[]" -> LongArray::class.java
            "float[]" -> DoubleArray::class.java
            "bool[]" -> BooleanArray::class.java
            else -> Array<String>::class.java
        }

        /** The JSON value as the Kotlin type of a signature type (int -> Int, float[] -> DoubleArray, ...). */
        fun convert(v: Any?, type: String): Any? {
            if (!type.endsWith("[]")) {
                return when (type) {
                    "int" -> (v as Number).toInt()
                    "long" -> (v as Number).toLong()
                    "float" -> (v as Number).toDouble()
                    else -> v
                }
            }
            val list = v as List<*>
            val n = list.size
            return when (val item = type.substring(0, type.length - 2)) {
                "int" -> IntArray(n) { (list[it] as Number).toInt() }
                "long" -> LongArray(n) { (list[it] as Number).toLong() }
                "float" -> DoubleArray(n) { (list[it] as Number).toDouble() }
                "bool" -> BooleanArray(n) { list[it] as Boolean }
                "string" -> Array(n) { list[it] as String }
                else -> {
                    val a = java.lang.reflect.Array.newInstance(arrayClass(item), n)
                    for (k in 0 until n) java.lang.reflect.Array.set(a, k, convert(list[k], item))
                    a
                }
            }
        }

        private fun mustEscape(u: Char): Boolean {
            val c = u.toInt()
            return c <= 0x20 || (c in 0x7f..0xa0) || c == 0x1680 || (c in 0x2000..0x200a) ||
                c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff ||
                Character.isSurrogate(u)
        }

        private fun quote(sb: StringBuilder, s: String) {
            sb.append('"')
            var k = 0
            while (k < s.length) {
                val u = s[k]
                if (u == '"') sb.append("\\\"")
                else if (u == '\\') sb.append("\\\\")
                else if (Character.isHighSurrogate(u) && k + 1 < s.length && Character.isLowSurrogate(s[k + 1])) {
                    sb.append(u).append(s[k + 1])
                    k++
                } else if (mustEscape(u)) sb.append("\\u").append(String.format("%04x", u.toInt()))
                else sb.append(u)
                k++
            }
            sb.append('"')
        }

        private inline fun items(sb: StringBuilder, n: Int, put: (Int) -> Unit) {
            if (n == 0) {
                sb.append("[ ]")
                return
            }
            sb.append("[ ")
            for (k in 0 until n) {
                if (k > 0) sb.append(" , ")
                put(k)
            }
            sb.append(" ]")
        }

        /** Appends `v` in canonical spaced JSON. */
        fun put(sb: StringBuilder, v: Any?) {
            when (v) {
                null -> sb.append("null")
                is Boolean -> sb.append(if (v) "true" else "false")
                is Int, is Long, is Short, is Byte -> sb.append(v)
                is Double -> sb.append(v.toString())
                is Float -> sb.append(v.toDouble().toString())
                is String -> quote(sb, v)
                is Char -> quote(sb, v.toString())
                is IntArray -> items(sb, v.size) { sb.append(v[it]) }
                is LongArray -> items(sb, v.size) { sb.append(v[it]) }
                is DoubleArray -> items(sb, v.size) { sb.append(v[it].toString()) }
                is BooleanArray -> items(sb, v.size) { sb.append(if (v[it]) "true" else "false") }
                is Array<*> -> items(sb, v.size) { put(sb, v[it]) }
                is List<*> -> items(sb, v.size) { put(sb, v[it]) }
                is Collection<*> -> put(sb, v.toList())
                else -> throw IllegalStateException("the solution returned a ${v.javaClass.name}, which has no JSON form")
            }
        }
    }
}
