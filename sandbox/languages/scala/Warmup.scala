// Compiled and run once while the image is built, so that the classes the compiler and a typical
// solution load end up in the class-data-sharing archives.
package cgwarmup

import java.io.{BufferedReader, InputStreamReader, PrintWriter}
import java.util.StringTokenizer
import scala.collection.mutable
import scala.io.StdIn

case class Pair2(a: Int, b: Long)

sealed trait Shape { def area: Double }
final case class Square(side: Double) extends Shape { def area: Double = side * side }

object Color extends Enumeration {
  val Red, Green = Value
}

object Warmup {
  @annotation.tailrec
  def gcd(a: Long, b: Long): Long = if (b == 0) a else gcd(b, a % b)

  def main(args: Array[String]): Unit = {
    val reader = new BufferedReader(new InputStreamReader(System.in))
    val n = new StringTokenizer(reader.readLine()).nextToken().toInt
    val buffer = mutable.ArrayBuffer[Int]()
    val counts = mutable.HashMap[String, Int]().withDefaultValue(0)
    var tree = scala.collection.immutable.TreeMap[Long, Int]()
    val queue = mutable.Queue[Pair2]()
    val heap = mutable.PriorityQueue[(Int, Int)]()(Ordering.by(_._1))
    val seen = mutable.HashSet[Int]()
    val stack = mutable.Stack[Int]()
    for (i <- 0 until n) {
      buffer += i
      counts("k" + i % 3) += 1
      tree += (i.toLong * i -> i)
      queue.enqueue(Pair2(i, i * 2L))
      heap.enqueue((n - i, i))
      seen += i
      stack.push(i)
    }
    val arr = buffer.toArray
    java.util.Arrays.sort(arr)
    val sorted = arr.sorted.reverse.sortBy(x => -x)
    val grid = Array.fill(3, 3)(0)
    grid(1)(2) = 5
    val longs = Array.tabulate(n)(_.toLong)
    val words = "b a c".split(" ").sorted.mkString(",")
    val grouped = buffer.groupBy(_ % 2).mapValues(_.sum).toList.sortBy(_._1)
    val list = List(3, 1, 2).map(_ * 2).filter(_ > 2).sorted
    val vector = Vector.range(0, 5).foldLeft(0)(_ + _)
    val shapes: Seq[Shape] = Seq(Square(2.0))
    val area = shapes.map(_.area).sum
    val color = Color.withName("Green") match {
      case Color.Red => "r"
      case _ => "g"
    }
    val opt = Option(args).flatMap(_.headOption).getOrElse("none")
    val zipped = arr.zipWithIndex.map { case (x, i) => x * i }.max
    val text = new StringBuilder
    text.append(f"${arr.length}%d ${math.sqrt(n.toDouble)}%.3f $words")
    text.append(s" $grouped $list $vector $area $color $opt $zipped ${queue.head} ${heap.dequeue()._1}")
    text.append(s" ${tree.head._1} ${longs.sum} ${grid.map(_.sum).sum} ${gcd(12, 18)} ${"abc".reverse}")
    text.append(s" ${seen.size} ${stack.pop()} ${sorted.headOption} ${"x" * 3} ${counts.toSeq.sorted}")
    text.append(s" ${(1 to 4).reduce(_ + _)} ${Iterator.iterate(1)(_ * 2).take(5).toList} ${BigInt(2).pow(70)}")
    val out = new PrintWriter(System.out)
    out.println(text)
    out.flush()
    println(Option(StdIn.readLine()).getOrElse("end"))
  }
}
