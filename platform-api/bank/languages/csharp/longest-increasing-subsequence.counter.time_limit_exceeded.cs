// Compares every pair of elements: quadratic on 150000 numbers.
using System;

public class Solution
{
    public int solution(int[] nums)
    {
        int[] longest = new int[nums.Length];
        int best = 0;
        for (int i = 0; i < nums.Length; i++)
        {
            longest[i] = 1;
            for (int j = 0; j < i; j++)
                if (nums[j] < nums[i]) longest[i] = Math.Max(longest[i], longest[j] + 1);
            best = Math.Max(best, longest[i]);
        }
        return best;
    }
}
