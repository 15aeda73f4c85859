public class Solution
{
    public int solution(int n)
    {
        const long mod = 1000000007L;
        long a = 0, b = 0, c = 1;
        for (int i = 0; i < n; i++)
        {
            long next = (a + b + c) % mod;
            a = b;
            b = c;
            c = next;
        }
        return (int) c;
    }
}
