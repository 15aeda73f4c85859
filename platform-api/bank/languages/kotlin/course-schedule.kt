import java.util.PriorityQueue

fun solution(n: Int, prerequisites: Array<IntArray>): IntArray {
    val waiting = IntArray(n)
    val unlocks = Array(n) { ArrayList<Int>() }
    for (pair in prerequisites) {
        unlocks[pair[1]].add(pair[0])
        waiting[pair[0]]++
    }
    val ready = PriorityQueue<Int>()
    for (course in 0 until n) if (waiting[course] == 0) ready.add(course)
    val order = IntArray(n)
    var taken = 0
    while (ready.isNotEmpty()) {
        val course = ready.poll()
        order[taken++] = course
        for (next in unlocks[course]) if (--waiting[next] == 0) ready.add(next)
    }
    return if (taken == n) order else IntArray(0)
}
