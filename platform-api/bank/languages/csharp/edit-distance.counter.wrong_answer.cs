// Allows only insertions and deletions, no replacement.
using System;

public class Solution
{
    public int solution(string a, string b)
    {
        int[,] d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = a[i - 1] == b[j - 1] ? d[i - 1, j - 1] : Math.Min(d[i - 1, j], d[i, j - 1]) + 1;
        return d[a.Length, b.Length];
    }
}
