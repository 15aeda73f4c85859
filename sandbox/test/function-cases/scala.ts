import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "scala",
  noisy:
    'object Solution {\n  println("top junk from the object\'s initializer")\n\n  def solution(p0: Int): Int = {\n    println("junk " + p0)\n    print("more junk\\n")\n    p0 + 1\n  }\n}\n',
  append: 'object Solution {\n  def solution(p0: String): String = p0 + "é \\"\\\\\\n😀"\n}\n',
  sum: 'object Solution {\n  def solution(p0: Array[Int]): Long = {\n    if (p0.isEmpty) throw new IllegalArgumentException("empty")\n    while (p0(0) == -1) {}\n    var s = 0L\n    for (x <- p0) s += x\n    s\n  }\n}\n',
  thrownAt: /Solution\.scala:3\b/,
  floatSum: "object Solution {\n  def solution(p0: Array[Double]): Double = p0.sum\n}\n",
  broken: 'object Solution {\n  def solution(p0: Int): Int = {\n    "not an int"\n  }\n}\n',
  brokenLine: 3,
  file: "Solution.scala",
  compiled: true,
};

export default lang;
