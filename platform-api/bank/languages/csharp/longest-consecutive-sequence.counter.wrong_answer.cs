// Sorts, but lets a repeated value break the run.
using System;

public class Solution
{
    public int solution(int[] nums)
    {
        if (nums.Length == 0) return 0;
        int[] sorted = (int[]) nums.Clone();
        Array.Sort(sorted);
        int best = 1, run = 1;
        for (int i = 1; i < sorted.Length; i++)
        {
            run = sorted[i] == sorted[i - 1] + 1 ? run + 1 : 1;
            best = Math.Max(best, run);
        }
        return best;
    }
}
