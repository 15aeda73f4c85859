// Sums in a 32-bit int, which wraps past 2^31.
public class Solution
{
    public long solution(int[] nums)
    {
        int total = 0;
        foreach (int n in nums) total = unchecked(total + n);
        return total;
    }
}
