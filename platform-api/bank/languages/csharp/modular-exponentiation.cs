public class Solution
{
    public int solution(long @base, long exponent, int modulus)
    {
        long result = 1 % modulus;
        long b = @base % modulus;
        long e = exponent;
        while (e > 0)
        {
            if ((e & 1) == 1) result = result * b % modulus;
            b = b * b % modulus;
            e >>= 1;
        }
        return (int) result;
    }
}
