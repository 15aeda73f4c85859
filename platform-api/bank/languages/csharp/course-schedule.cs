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
        // The courses ready to take, lowest first: a set works as a priority queue (each course once).
        var ready = new SortedSet<int>();
        for (int course = 0; course < n; course++) if (waiting[course] == 0) ready.Add(course);
        int[] order = new int[n];
        int taken = 0;
        while (ready.Count > 0)
        {
            int course = ready.Min;
            ready.Remove(course);
            order[taken++] = course;
            foreach (int next in after[course]) if (--waiting[next] == 0) ready.Add(next);
        }
        return taken == n ? order : new int[0];
    }
}
