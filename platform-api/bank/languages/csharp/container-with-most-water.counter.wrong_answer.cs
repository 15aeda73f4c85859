// Off by one: counts the width as j - i + 1.
using System;

public class Solution
{
    public int solution(int[] heights)
    {
        int i = 0, j = heights.Length - 1, best = 0;
        while (i < j)
        {
            best = Math.Max(best, Math.Min(heights[i], heights[j]) * (j - i + 1));
            if (heights[i] < heights[j]) i++;
            else j--;
        }
        return best;
    }
}
