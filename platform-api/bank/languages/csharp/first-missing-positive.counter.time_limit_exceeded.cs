// Searches the whole array for 1, 2, 3, ... in turn: O(n^2) on 100000 numbers.
using System;

public class Solution
{
    public int solution(int[] nums)
    {
        int candidate = 1;
        while (Array.IndexOf(nums, candidate) >= 0) candidate++;
        return candidate;
    }
}
