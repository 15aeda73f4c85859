import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "kotlin",
  noisy:
    'private val greeting = println("top junk from a top-level initializer")\n\nfun solution(p0: Int): Int {\n    println("junk $p0")\n    print("more junk\\n")\n    return p0 + 1\n}\n',
  append: 'fun solution(p0: String): String {\n    return p0 + "é \\"\\\\\\n😀"\n}\n',
  sum: 'fun solution(p0: IntArray): Long {\n    if (p0.isEmpty()) throw IllegalArgumentException("empty")\n    while (p0[0] == -1) { }\n    var s = 0L\n    for (x in p0) s += x\n    return s\n}\n',
  thrownAt: /Solution\.kt:2\b/,
  floatSum: "fun solution(p0: DoubleArray): Double = p0.sum()\n",
  broken: 'fun solution(p0: Int): Int {\n    val x = p0\n    return "not an int"\n}\n',
  brokenLine: 3,
  file: "Solution.kt",
  compiled: true,
};

export default lang;
