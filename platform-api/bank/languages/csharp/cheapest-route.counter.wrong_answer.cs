// Counts roads instead of costs (breadth-first search).
using System;
using System.Collections.Generic;

class Program
{
    static void Main()
    {
        string[] tokens = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int n = int.Parse(tokens[0]), m = int.Parse(tokens[1]);
        var roads = new List<int>[n + 1];
        for (int i = 0; i <= n; i++) roads[i] = new List<int>();
        for (int i = 0; i < m; i++) roads[int.Parse(tokens[2 + 3 * i])].Add(int.Parse(tokens[3 + 3 * i]));
        int[] dist = new int[n + 1];
        for (int i = 0; i <= n; i++) dist[i] = -1;
        dist[1] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(1);
        while (queue.Count > 0)
        {
            int u = queue.Dequeue();
            foreach (int v in roads[u])
                if (dist[v] == -1)
                {
                    dist[v] = dist[u] + 1;
                    queue.Enqueue(v);
                }
        }
        Console.WriteLine(dist[n]);
    }
}
