public class Solution
{
    public long solution(int[] nums)
    {
        long total = 0;
        foreach (int n in nums) total += n;
        return total;
    }
}
