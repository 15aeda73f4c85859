using System.Collections.Generic;

public class Solution
{
    public long solution(int[] nums, int k)
    {
        var seen = new Dictionary<int, int>(nums.Length * 2);
        seen[0] = 1;
        int prefix = 0;
        long count = 0;
        foreach (int x in nums)
        {
            prefix += x;
            int before;
            if (seen.TryGetValue(prefix - k, out before)) count += before;
            int mine;
            seen.TryGetValue(prefix, out mine);
            seen[prefix] = mine + 1;
        }
        return count;
    }
}
