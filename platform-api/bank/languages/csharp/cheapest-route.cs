using System;
using System.Collections.Generic;

class Program
{
    static void Main()
    {
        string[] tokens = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int n = int.Parse(tokens[0]), m = int.Parse(tokens[1]);
        int[] head = new int[n + 1], next = new int[m], to = new int[m];
        long[] cost = new long[m];
        for (int i = 0; i <= n; i++) head[i] = -1;
        for (int i = 0; i < m; i++)
        {
            int u = int.Parse(tokens[2 + 3 * i]);
            to[i] = int.Parse(tokens[3 + 3 * i]);
            cost[i] = long.Parse(tokens[4 + 3 * i]);
            next[i] = head[u];
            head[u] = i;
        }
        long[] dist = new long[n + 1];
        for (int i = 0; i <= n; i++) dist[i] = long.MaxValue;
        dist[1] = 0;
        // (distance, city) pairs, smallest first; a pair is unique, so a set serves as the queue.
        var queue = new SortedSet<Tuple<long, int>>();
        queue.Add(Tuple.Create(0L, 1));
        while (queue.Count > 0)
        {
            Tuple<long, int> top = queue.Min;
            queue.Remove(top);
            int u = top.Item2;
            if (top.Item1 > dist[u]) continue;
            if (u == n) break;
            for (int e = head[u]; e != -1; e = next[e])
            {
                long nd = top.Item1 + cost[e];
                if (nd < dist[to[e]])
                {
                    dist[to[e]] = nd;
                    queue.Add(Tuple.Create(nd, to[e]));
                }
            }
        }
        Console.WriteLine(dist[n] == long.MaxValue ? -1 : dist[n]);
    }
}
