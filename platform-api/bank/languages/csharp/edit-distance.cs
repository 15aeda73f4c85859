using System;

public class Solution
{
    public int solution(string a, string b)
    {
        int[] prev = new int[b.Length + 1];
        int[] cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                if (a[i - 1] == b[j - 1]) cur[j] = prev[j - 1];
                else cur[j] = Math.Min(prev[j - 1], Math.Min(prev[j], cur[j - 1])) + 1;
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.Length];
    }
}
