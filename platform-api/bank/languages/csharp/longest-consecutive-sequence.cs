using System;
using System.Collections.Generic;

public class Solution
{
    public int solution(int[] nums)
    {
        var values = new HashSet<int>(nums);
        int best = 0;
        foreach (int x in values)
        {
            if (values.Contains(x - 1)) continue;
            int y = x;
            while (values.Contains(y + 1)) y++;
            best = Math.Max(best, y - x + 1);
        }
        return best;
    }
}
