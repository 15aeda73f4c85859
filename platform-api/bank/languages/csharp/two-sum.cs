using System.Collections.Generic;

public class Solution
{
    public int[] solution(int[] nums, int target)
    {
        var seen = new Dictionary<long, int>(nums.Length * 2);
        for (int j = 0; j < nums.Length; j++)
        {
            int i;
            if (seen.TryGetValue((long) target - nums[j], out i)) return new[] { i, j };
            if (!seen.ContainsKey(nums[j])) seen[nums[j]] = j;
        }
        return new int[0];
    }
}
