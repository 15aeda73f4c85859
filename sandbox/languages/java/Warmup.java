// Compiled and run once while the image is built, so that the classes javac
// and a typical solution load end up in the JVM's class-data-sharing archive.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.util.*;
import java.util.stream.Collectors;

public class Warmup {
  record Pair(int a, long b) {}

  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    StringTokenizer st = new StringTokenizer(in.readLine());
    int n = Integer.parseInt(st.nextToken());
    List<Integer> list = new ArrayList<>();
    Map<String, Integer> map = new HashMap<>();
    Set<Long> set = new TreeSet<>();
    Deque<Pair> dq = new ArrayDeque<>();
    PriorityQueue<int[]> pq = new PriorityQueue<>((x, y) -> Integer.compare(x[0], y[0]));
    for (int i = 0; i < n; i++) {
      list.add(i);
      map.merge("k" + (i % 3), 1, Integer::sum);
      set.add((long) i * i);
      dq.add(new Pair(i, i * 2L));
      pq.add(new int[] {n - i});
    }
    int[] arr = list.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(arr);
    String joined = list.stream().map(String::valueOf).collect(Collectors.joining(","));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%d %.3f %s%n", arr.length, Math.sqrt(n), joined));
    sb.append(map).append(set).append(dq.peekFirst()).append(pq.poll()[0]);
    Scanner sc = new Scanner("1 2.5 word");
    sb.append(sc.nextInt()).append(sc.nextDouble()).append(sc.next());
    PrintWriter out = new PrintWriter(System.out);
    out.println(sb);
    out.flush();
  }
}
