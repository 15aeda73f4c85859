import scala.collection.mutable

// Groups by the set of letters, ignoring how often each appears.
object Solution {
  def solution(words: Array[String]): Array[Array[String]] = {
    val index = mutable.HashMap[Set[Char], Int]()
    val groups = mutable.ArrayBuffer[mutable.ArrayBuffer[String]]()
    for (word <- words) {
      val i = index.getOrElseUpdate(word.toSet, {
        groups += mutable.ArrayBuffer[String]()
        groups.length - 1
      })
      groups(i) += word
    }
    groups.map(_.toArray).toArray
  }
}
