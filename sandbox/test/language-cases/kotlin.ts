import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "kotlin",
  hello: 'fun main() {\n    println("hello")\n}\n',
  sum: 'fun main() {\n    val (a, b) = readLine()!!.trim().split(Regex("\\\\s+")).map { it.toInt() }\n    println(a + b)\n}\n',
  // The main function sits in a file that is not the first one sent: the run finds AppKt.
  multi: [
    { name: "Helper.kt", content: "object Helper {\n    fun add(a: Int, b: Int) = a + b\n}\n" },
    { name: "app.kt", content: "fun main(args: Array<String>) {\n    println(Helper.add(2, 3))\n}\n" },
  ],
  compileError: 'fun main() {\n    val x: Int = "five"\n}\n',
  runtimeError: 'fun main() {\n    throw IllegalStateException("boom")\n}\n',
  busyLoop: "fun main() {\n    var x = 0L\n    while (true) {\n        x++\n    }\n}\n",
  memoryHog:
    "fun main() {\n    val keep = Array(100) { i -> LongArray(1 shl 19).also { it.fill(i.toLong()) } }\n    println(keep.size)\n}\n",
  lineError: {
    code: 'fun main() {\n    println("line 2")\n    val x: Int = \n}\n',
    verdict: "compilation_error",
    where: /Main\.kt:3:\d+: error/,
  },
  outputFlood: 'fun main() {\n    val s = "x".repeat(1000)\n    while (true) println(s)\n}\n',
  network:
    'fun main() {\n    try {\n        java.net.Socket().use { it.connect(java.net.InetSocketAddress("1.1.1.1", 80), 2000) }\n        println("connected")\n    } catch (e: Exception) {\n        println("no network")\n    }\n}\n',
  readOnlyRoot:
    'fun main() {\n    try {\n        java.io.File("/tmp/cg-probe").writeText("x")\n        println("written")\n    } catch (e: Exception) {\n        println("read-only")\n    }\n}\n',
};

export default lang;
