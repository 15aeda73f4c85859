// Treats k as counted from 0.
using System.Collections.Generic;

public class Solution
{
    public int[] solution(int n, long k)
    {
        long[] factorial = new long[n + 1];
        factorial[0] = 1;
        for (int i = 1; i <= n; i++) factorial[i] = factorial[i - 1] * i;
        var remaining = new List<int>();
        for (int i = 1; i <= n; i++) remaining.Add(i);
        long rank = k % factorial[n];
        int[] result = new int[n];
        for (int left = n; left >= 1; left--)
        {
            int index = (int) (rank / factorial[left - 1]);
            rank %= factorial[left - 1];
            result[n - left] = remaining[index];
            remaining.RemoveAt(index);
        }
        return result;
    }
}
