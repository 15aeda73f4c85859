// Codeground function-mode harness, compiled as Main.scala next to the learner's Solution.scala.
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
object CgMain {
  def main(argv: Array[String]): Unit = {
    // Before any of the learner's code runs (their object's initializer included), their output
    // goes to stderr, Scala's Console as well; the result to the original stdout.
    val cgOut = System.out
    System.setOut(System.err)
    val cgArgs = new CgJson(new String(System.in.readAllBytes(), "UTF-8")).value().asInstanceOf[java.util.List[AnyRef]]
    /*CG:ARGS*/
    val cgResult: Any = Console.withOut(System.err) { /*CG:CALL*/ }
    System.err.flush()
    val sb = new java.lang.StringBuilder
    CgJson.put(sb, cgResult)
    sb.append('\n')
    cgOut.write(sb.toString.getBytes("UTF-8"))
    cgOut.flush()
  }
}

final class CgJson(s: String) {
  private var i = 0

  private def ws(): Unit = while (i < s.length && Character.isWhitespace(s.charAt(i))) i += 1

  private def bad(what: String) = new IllegalStateException(s"malformed arguments: $what at offset $i")

  def value(): AnyRef = {
    ws()
    if (i >= s.length) throw bad("unexpected end")
    val c = s.charAt(i)
    if (c == '[') {
      i += 1
      val list = new java.util.ArrayList[AnyRef]
      ws()
      if (i < s.length && s.charAt(i) == ']') {
        i += 1
        return list
      }
      while (true) {
        list.add(value())
        ws()
        if (i >= s.length) throw bad("unterminated array")
        val d = s.charAt(i)
        i += 1
        if (d == ']') return list
        if (d != ',') throw bad("expected , or ]")
      }
    }
    if (c == '"') return string()
    if (s.startsWith("true", i)) { i += 4; return java.lang.Boolean.TRUE }
    if (s.startsWith("false", i)) { i += 5; return java.lang.Boolean.FALSE }
    if (s.startsWith("null", i)) { i += 4; return null }
    val start = i
    var decimal = false
    while (i < s.length && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      val d = s.charAt(i)
      if (d == '.' || d == 'e' || d == 'E') decimal = true
      i += 1
    }
    if (start == i) throw bad("unexpected character")
    val number = s.substring(start, i)
    if (!decimal) {
      try return java.lang.Long.valueOf(number)
      catch {
        // an integral float such as 1e20, written by JSON without an exponent
        case _: NumberFormatException =>
      }
    }
    java.lang.Double.valueOf(number)
  }

  private def string(): String = {
    i += 1
    val sb = new java.lang.StringBuilder
    while (true) {
      if (i >= s.length) throw bad("unterminated string")
      val c = s.charAt(i)
      i += 1
      if (c == '"') return sb.toString
      if (c != '\\') sb.append(c)
      else {
        val e = s.charAt(i)
        i += 1
        e match {
          case 'b' => sb.append('\b')
          case 'f' => sb.append('\f')
          case 'n' => sb.append('\n')
          case 'r' => sb.append('\r')
          case 't' => sb.append('\t')
          case 'u' =>
            sb.append(Integer.parseInt(s.substring(i, i + 4), 16).toChar)
            i += 4
          case other => sb.append(other)
        }
      }
    }
    throw bad("unterminated string")
  }
}

object CgJson {
  private def arrayClass(t: String): Class[_] = t match {
    case "int[]" => classOf[Array[Int]]
    case "long[]" => classOf[Array[Long]]
    case "float[]" => classOf[Array[Double]]
    case "bool[]" => classOf[Array[Boolean]]
    case _ => classOf[Array[String]]
  }

  private def number(v: AnyRef) = v.asInstanceOf[java.lang.Number]

  /** The JSON value as the Scala type of a signature type (int -> Int, float[] -> Array[Double], ...). */
  def convert(v: AnyRef, t: String): Any = {
    if (!t.endsWith("[]")) {
      return t match {
        case "int" => number(v).intValue
        case "long" => number(v).longValue
        case "float" => number(v).doubleValue
        case _ => v
      }
    }
    val list = v.asInstanceOf[java.util.List[AnyRef]]
    val n = list.size
    t.substring(0, t.length - 2) match {
      case "int" => val a = new Array[Int](n); var k = 0; while (k < n) { a(k) = number(list.get(k)).intValue; k += 1 }; a
      case "long" => val a = new Array[Long](n); var k = 0; while (k < n) { a(k) = number(list.get(k)).longValue; k += 1 }; a
      case "float" => val a = new Array[Double](n); var k = 0; while (k < n) { a(k) = number(list.get(k)).doubleValue; k += 1 }; a
      case "bool" => val a = new Array[Boolean](n); var k = 0; while (k < n) { a(k) = list.get(k).asInstanceOf[java.lang.Boolean].booleanValue; k += 1 }; a
      case "string" => val a = new Array[String](n); var k = 0; while (k < n) { a(k) = list.get(k).asInstanceOf[String]; k += 1 }; a
      case item =>
        val a = java.lang.reflect.Array.newInstance(arrayClass(item), n)
        var k = 0
        while (k < n) { java.lang.reflect.Array.set(a, k, convert(list.get(k), item)); k += 1 }
        a
    }
  }

  private def mustEscape(u: Char): Boolean =
    u <= 0x20 || (u >= 0x7f && u <= 0xa0) || u == 0x1680 || (u >= 0x2000 && u <= 0x200a) ||
      u == 0x2028 || u == 0x2029 || u == 0x202f || u == 0x205f || u == 0x3000 || u == 0xfeff ||
      Character.isSurrogate(u)

  private def quote(sb: java.lang.StringBuilder, s: String): Unit = {
    sb.append('"')
    var k = 0
    while (k < s.length) {
      val u = s.charAt(k)
      if (u == '"') sb.append("\\\"")
      else if (u == '\\') sb.append("\\\\")
      else if (Character.isHighSurrogate(u) && k + 1 < s.length && Character.isLowSurrogate(s.charAt(k + 1))) {
        sb.append(u).append(s.charAt(k + 1))
        k += 1
      } else if (mustEscape(u)) sb.append(String.format("\\u%04x", Integer.valueOf(u.toInt)))
      else sb.append(u)
      k += 1
    }
    sb.append('"')
  }

  private def items(sb: java.lang.StringBuilder, n: Int)(put: Int => Unit): Unit = {
    if (n == 0) sb.append("[ ]")
    else {
      sb.append("[ ")
      var k = 0
      while (k < n) {
        if (k > 0) sb.append(" , ")
        put(k)
        k += 1
      }
      sb.append(" ]")
    }
  }

  /** Appends `v` in canonical spaced JSON. */
  def put(sb: java.lang.StringBuilder, v: Any): Unit = v match {
    case null => sb.append("null")
    case b: Boolean => sb.append(if (b) "true" else "false")
    case x: Int => sb.append(x)
    case x: Long => sb.append(x)
    case x: Short => sb.append(x.toInt)
    case x: Byte => sb.append(x.toInt)
    case x: Double => sb.append(java.lang.Double.toString(x))
    case x: Float => sb.append(java.lang.Double.toString(x.toDouble))
    case x: String => quote(sb, x)
    case x: Char => quote(sb, x.toString)
    case a: Array[Int] => items(sb, a.length)(k => sb.append(a(k)))
    case a: Array[Long] => items(sb, a.length)(k => sb.append(a(k)))
    case a: Array[Double] => items(sb, a.length)(k => sb.append(java.lang.Double.toString(a(k))))
    case a: Array[Boolean] => items(sb, a.length)(k => sb.append(if (a(k)) "true" else "false"))
    case a: Array[AnyRef] => items(sb, a.length)(k => put(sb, a(k)))
    case l: java.util.List[_] => items(sb, l.size)(k => put(sb, l.get(k)))
    case l: scala.collection.IndexedSeq[_] => items(sb, l.length)(k => put(sb, l(k)))
    case l: scala.collection.TraversableOnce[_] => put(sb, l.toIndexedSeq)
    case other =>
      throw new IllegalStateException(s"the solution returned a ${other.getClass.getName}, which has no JSON form")
  }
}
