// Compiled and run once while the image is built, so that the classes the compiler and a typical
// solution load end up in the class-data-sharing archives.
package cgwarmup

import java.io.BufferedReader
import java.io.InputStreamReader
import java.io.PrintWriter
import java.util.ArrayDeque
import java.util.PriorityQueue
import java.util.StringTokenizer
import java.util.TreeMap

data class Pair2(val a: Int, val b: Long)

sealed class Shape {
    abstract fun area(): Double
}

class Square(private val side: Double) : Shape() {
    override fun area() = side * side
}

object Registry {
    val names = mutableListOf<String>()
}

enum class Color { RED, GREEN }

fun gcd(a: Long, b: Long): Long = if (b == 0L) a else gcd(b, a % b)

fun main(args: Array<String>) {
    val reader = BufferedReader(InputStreamReader(System.`in`))
    val n = StringTokenizer(reader.readLine()).nextToken().toInt()
    val list = ArrayList<Int>()
    val map = HashMap<String, Int>()
    val tree = TreeMap<Long, Int>()
    val dq = ArrayDeque<Pair2>()
    val pq = PriorityQueue<IntArray>(compareBy { it[0] })
    for (i in 0 until n) {
        list.add(i)
        map.merge("k${i % 3}", 1, Int::plus)
        map[i.toString()] = map.getOrDefault(i.toString(), 0) + 1
        tree[i.toLong() * i] = i
        dq.add(Pair2(i, i * 2L))
        pq.add(intArrayOf(n - i))
    }
    val arr = list.toIntArray()
    arr.sort()
    val longs = LongArray(n) { it.toLong() }
    val grid = Array(3) { IntArray(3) { it } }
    val words = "b a c".split(" ").sorted().joinToString(",")
    val grouped = list.groupBy { it % 2 }.mapValues { (_, v) -> v.sum() }
    val seq = generateSequence(1) { it * 2 }.take(5).toList()
    val set = list.filter { it > 0 }.map { it * 2 }.toMutableSet()
    val shapes: List<Shape> = listOf(Square(2.0))
    Registry.names.add(Color.RED.name)
    val color = when (Color.valueOf("GREEN")) {
        Color.RED -> "r"
        Color.GREEN -> "g"
    }
    val text = buildString {
        append(String.format("%d %.3f %s", arr.size, Math.sqrt(n.toDouble()), words))
        append(" $grouped $seq $set ${dq.peekFirst()} ${pq.poll()[0]} ${tree.firstKey()}")
        append(" ${longs.sum()} ${grid.sumBy { it.sum() }} ${shapes.sumByDouble { it.area() }} $color")
        append(" ${gcd(12, 18)} ${"abc".reversed()} ${'a' + 1} ${"x".repeat(3)} ${args.size}")
        append(" ${list.max() ?: 0} ${arr.indexOf(2)} ${(1..4).fold(0) { acc, x -> acc + x }}")
    }
    val out = PrintWriter(System.out)
    out.println(text)
    out.flush()
    println(readLine() ?: "end")
}
