// Merges by inserting each number into a list at its sorted place: quadratic on the large tests.
using System.Collections.Generic;

public class Solution
{
    public double solution(int[] nums1, int[] nums2)
    {
        var merged = new List<long>();
        foreach (int x in nums1) merged.Add(x);
        foreach (int x in nums2)
        {
            int at = 0;
            while (at < merged.Count && merged[at] < x) at++;
            merged.Insert(at, x);
        }
        int n = merged.Count;
        return n % 2 == 1 ? merged[n / 2] : (merged[n / 2 - 1] + merged[n / 2]) / 2.0;
    }
}
