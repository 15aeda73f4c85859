// Adds the water up in a 32-bit int, which wraps.
using System;

public class Solution
{
    public long solution(int[] heights)
    {
        int i = 0, j = heights.Length - 1, left = 0, right = 0;
        int water = 0;
        while (i < j)
        {
            if (heights[i] < heights[j])
            {
                left = Math.Max(left, heights[i]);
                water = unchecked(water + left - heights[i]);
                i++;
            }
            else
            {
                right = Math.Max(right, heights[j]);
                water = unchecked(water + right - heights[j]);
                j--;
            }
        }
        return water;
    }
}
