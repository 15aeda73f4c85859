fun solution(words: Array<String>): Array<Array<String>> {
    val index = HashMap<String, Int>()
    val groups = ArrayList<ArrayList<String>>()
    for (word in words) {
        val letters = word.toCharArray()
        letters.sort()
        val i = index.getOrPut(String(letters)) {
            groups.add(ArrayList())
            groups.size - 1
        }
        groups[i].add(word)
    }
    return Array(groups.size) { groups[it].toTypedArray() }
}
