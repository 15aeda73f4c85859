// Averages the two middle numbers in integer arithmetic: 2.5 becomes 2.
using System;

public class Solution
{
    public double solution(int[] nums1, int[] nums2)
    {
        var merged = new long[nums1.Length + nums2.Length];
        for (int k = 0; k < nums1.Length; k++) merged[k] = nums1[k];
        for (int k = 0; k < nums2.Length; k++) merged[nums1.Length + k] = nums2[k];
        Array.Sort(merged);
        int n = merged.Length;
        if (n % 2 == 1) return merged[n / 2];
        return (merged[n / 2 - 1] + merged[n / 2]) / 2;
    }
}
