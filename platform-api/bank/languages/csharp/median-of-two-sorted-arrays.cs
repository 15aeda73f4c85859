using System;

public class Solution
{
    public double solution(int[] nums1, int[] nums2)
    {
        int[] a = nums1.Length <= nums2.Length ? nums1 : nums2;
        int[] b = nums1.Length <= nums2.Length ? nums2 : nums1;
        int m = a.Length, n = b.Length, half = (m + n + 1) / 2;
        int lo = 0, hi = m;
        while (true)
        {
            int i = (lo + hi) / 2, j = half - i;
            long aLeft = i > 0 ? a[i - 1] : long.MinValue;
            long aRight = i < m ? a[i] : long.MaxValue;
            long bLeft = j > 0 ? b[j - 1] : long.MinValue;
            long bRight = j < n ? b[j] : long.MaxValue;
            if (aLeft > bRight) hi = i - 1;
            else if (bLeft > aRight) lo = i + 1;
            else
            {
                long left = Math.Max(aLeft, bLeft);
                if ((m + n) % 2 == 1) return left;
                return (left + Math.Min(aRight, bRight)) / 2.0;
            }
        }
    }
}
