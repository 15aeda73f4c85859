public class Solution
{
    public long[] solution(int a, int b)
    {
        long x = a, y = b;
        while (y != 0)
        {
            long r = x % y;
            x = y;
            y = r;
        }
        return new long[] { x, a / x * b };
    }
}
