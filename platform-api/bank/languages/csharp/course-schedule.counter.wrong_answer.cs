// Takes available courses first-in first-out, not lowest-numbered first.
using System.Collections.Generic;

public class Solution
{
    public int[] solution(int n, int[][] prerequisites)
    {
        int[] waiting = new int[n];
        var after = new List<int>[n];
        for (int i = 0; i < n; i++) after[i] = new List<int>();
        foreach (int[] p in prerequisites)
        {
            waiting[p[0]]++;
            after[p[1]].Add(p[0]);
        }
        var ready = new Queue<int>();
        for (int course = 0; course < n; course++) if (waiting[course] == 0) ready.Enqueue(course);
        var order = new List<int>();
        while (ready.Count > 0)
        {
            int course = ready.Dequeue();
            order.Add(course);
            foreach (int next in after[course]) if (--waiting[next] == 0) ready.Enqueue(next);
        }
        return order.Count == n ? order.ToArray() : new int[0];
    }
}
