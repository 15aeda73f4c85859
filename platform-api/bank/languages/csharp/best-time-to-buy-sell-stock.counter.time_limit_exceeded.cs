// Tries every pair of days: O(n^2) on 150000 days.
public class Solution
{
    public int solution(int[] prices)
    {
        int best = 0;
        for (int i = 0; i < prices.Length; i++)
            for (int j = i + 1; j < prices.Length; j++)
                if (prices[j] - prices[i] > best) best = prices[j] - prices[i];
        return best;
    }
}
