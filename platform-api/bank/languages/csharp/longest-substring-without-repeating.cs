using System;

public class Solution
{
    public int solution(string s)
    {
        int[] last = new int[128];
        for (int k = 0; k < last.Length; k++) last[k] = -1;
        int start = 0, best = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (last[c] >= start) start = last[c] + 1;
            last[c] = i;
            best = Math.Max(best, i - start + 1);
        }
        return best;
    }
}
