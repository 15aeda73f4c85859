using System;

public class Solution
{
    public long solution(int[] heights)
    {
        int i = 0, j = heights.Length - 1, left = 0, right = 0;
        long water = 0;
        while (i < j)
        {
            if (heights[i] < heights[j])
            {
                left = Math.Max(left, heights[i]);
                water += left - heights[i];
                i++;
            }
            else
            {
                right = Math.Max(right, heights[j]);
                water += right - heights[j];
                j--;
            }
        }
        return water;
    }
}
