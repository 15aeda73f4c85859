public class Solution
{
    public double solution(int[] nums1, int[] nums2)
    {
        // Return the median of all the numbers of nums1 and nums2.
        return 0;
    }
}
