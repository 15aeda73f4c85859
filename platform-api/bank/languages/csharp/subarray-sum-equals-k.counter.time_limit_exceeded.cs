// Sums every subarray: O(n^2) on 100000 numbers.
public class Solution
{
    public long solution(int[] nums, int k)
    {
        long count = 0;
        for (int i = 0; i < nums.Length; i++)
        {
            long sum = 0;
            for (int j = i; j < nums.Length; j++)
            {
                sum += nums[j];
                if (sum == k) count++;
            }
        }
        return count;
    }
}
