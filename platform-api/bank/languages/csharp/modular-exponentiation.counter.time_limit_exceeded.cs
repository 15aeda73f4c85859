// Multiplies exponent times.
public class Solution
{
    public int solution(long @base, long exponent, int modulus)
    {
        long result = 1 % modulus;
        long b = @base % modulus;
        for (long e = 0; e < exponent; e++) result = result * b % modulus;
        return (int) result;
    }
}
