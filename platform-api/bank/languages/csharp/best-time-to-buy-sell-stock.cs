public class Solution
{
    public int solution(int[] prices)
    {
        int best = 0, lowest = prices[0];
        foreach (int p in prices)
        {
            if (p < lowest) lowest = p;
            else if (p - lowest > best) best = p - lowest;
        }
        return best;
    }
}
