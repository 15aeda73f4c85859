public class Solution
{
    public long[] solution(int a, int b)
    {
        // Return { gcd(a, b), lcm(a, b) }.
        return new long[0];
    }
}
