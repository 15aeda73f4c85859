using System;

public class Solution
{
    public int solution(int[] coins, int amount)
    {
        int unreachable = amount + 1;
        int[] best = new int[amount + 1];
        for (int v = 1; v <= amount; v++) best[v] = unreachable;
        foreach (int coin in coins)
            for (int value = coin; value <= amount; value++)
                best[value] = Math.Min(best[value], best[value - coin] + 1);
        return best[amount] == unreachable ? -1 : best[amount];
    }
}
