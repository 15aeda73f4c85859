// Searches for the lcm by counting up one at a time from the larger number: the lcm can be ~8e15.
using System;

public class Solution
{
    public long[] solution(int a, int b)
    {
        long m = Math.Max(a, b);
        while (m % a != 0 || m % b != 0) m++;
        return new long[] { (long) a * b / m, m };
    }
}
