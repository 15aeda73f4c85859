// Tries every pair of walls: O(n^2) on 150000 walls.
using System;

public class Solution
{
    public int solution(int[] heights)
    {
        int best = 0;
        for (int i = 0; i < heights.Length; i++)
            for (int j = i + 1; j < heights.Length; j++)
                best = Math.Max(best, Math.Min(heights[i], heights[j]) * (j - i));
        return best;
    }
}
