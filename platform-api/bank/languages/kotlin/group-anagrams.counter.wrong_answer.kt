// Groups by the set of letters, ignoring how often each appears.
fun solution(words: Array<String>): Array<Array<String>> {
    val index = HashMap<Int, Int>()
    val groups = ArrayList<ArrayList<String>>()
    for (word in words) {
        var key = 0
        for (c in word) key = key or (1 shl (c - 'a'))
        val i = index.getOrPut(key) {
            groups.add(ArrayList())
            groups.size - 1
        }
        groups[i].add(word)
    }
    return Array(groups.size) { groups[it].toTypedArray() }
}
