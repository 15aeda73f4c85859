import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "scala",
  hello: 'object Main {\n  def main(args: Array[String]): Unit = {\n    println("hello")\n  }\n}\n',
  sum: 'object Main {\n  def main(args: Array[String]): Unit = {\n    val Array(a, b) = scala.io.StdIn.readLine().trim.split("\\\\s+").map(_.toInt)\n    println(a + b)\n  }\n}\n',
  // The program is an `extends App` object in a file that is not the first one sent: the run finds it.
  multi: [
    { name: "Helper.scala", content: "object Helper {\n  def add(a: Int, b: Int): Int = a + b\n}\n" },
    { name: "app.scala", content: "object Program extends App {\n  println(Helper.add(2, 3))\n}\n" },
  ],
  compileError: "object Main {\n  def main(args: Array[String]): Unit = {\n    val x: Int = \n  }\n}\n",
  runtimeError:
    'object Main {\n  def main(args: Array[String]): Unit = {\n    throw new IllegalStateException("boom")\n  }\n}\n',
  busyLoop:
    "object Main {\n  def main(args: Array[String]): Unit = {\n    var x = 0L\n    while (true) {\n      x += 1\n    }\n  }\n}\n",
  memoryHog:
    "object Main {\n  def main(args: Array[String]): Unit = {\n    val keep = Array.tabulate(100)(i => Array.fill(1 << 19)(i.toLong))\n    println(keep.length)\n  }\n}\n",
  lineError: {
    code: 'object Main {\n  def main(args: Array[String]): Unit = {\n    val x: Int = "three"\n    println(x)\n  }\n}\n',
    verdict: "compilation_error",
    where: /Main\.scala:3: error/,
  },
  outputFlood:
    'object Main {\n  def main(args: Array[String]): Unit = {\n    val s = "x" * 1000\n    while (true) println(s)\n  }\n}\n',
  network:
    'object Main {\n  def main(args: Array[String]): Unit = {\n    try {\n      val s = new java.net.Socket()\n      s.connect(new java.net.InetSocketAddress("1.1.1.1", 80), 2000)\n      s.close()\n      println("connected")\n    } catch {\n      case _: Exception => println("no network")\n    }\n  }\n}\n',
  readOnlyRoot:
    'object Main {\n  def main(args: Array[String]): Unit = {\n    try {\n      java.nio.file.Files.write(java.nio.file.Paths.get("/tmp/cg-probe"), "x".getBytes)\n      println("written")\n    } catch {\n      case _: Exception => println("read-only")\n    }\n  }\n}\n',
};

export default lang;
