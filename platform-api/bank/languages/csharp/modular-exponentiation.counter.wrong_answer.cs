// Squares the base before reducing it, which overflows 64 bits.
public class Solution
{
    public int solution(long @base, long exponent, int modulus)
    {
        long result = 1 % modulus;
        long b = @base;
        long e = exponent;
        while (e > 0)
        {
            if ((e & 1) == 1) result = unchecked(result * b) % modulus;
            b = unchecked(b * b) % modulus;
            e >>= 1;
        }
        return (int) result;
    }
}
