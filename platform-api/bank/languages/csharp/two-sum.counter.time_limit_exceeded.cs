// Tries every pair: O(n^2) on 150000 numbers.
public class Solution
{
    public int[] solution(int[] nums, int target)
    {
        for (int i = 0; i < nums.Length; i++)
            for (int j = i + 1; j < nums.Length; j++)
                if ((long) nums[i] + nums[j] == target) return new[] { i, j };
        return new int[0];
    }
}
