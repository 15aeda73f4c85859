import scala.collection.mutable

object Solution {
  def solution(words: Array[String]): Array[Array[String]] = {
    val index = mutable.HashMap[String, Int]()
    val groups = mutable.ArrayBuffer[mutable.ArrayBuffer[String]]()
    for (word <- words) {
      val letters = word.toCharArray
      java.util.Arrays.sort(letters)
      val i = index.getOrElseUpdate(new String(letters), {
        groups += mutable.ArrayBuffer[String]()
        groups.length - 1
      })
      groups(i) += word
    }
    groups.map(_.toArray).toArray
  }
}
