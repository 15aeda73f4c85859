public class Solution
{
    public string solution(string s, string t)
    {
        int[] need = new int[128];
        foreach (char ch in t) need[ch]++;
        int missing = t.Length, bestStart = 0, bestLen = s.Length + 1, left = 0;
        for (int right = 0; right < s.Length; right++)
        {
            char c = s[right];
            if (need[c] > 0) missing--;
            need[c]--;
            while (missing == 0)
            {
                if (right - left + 1 < bestLen)
                {
                    bestStart = left;
                    bestLen = right - left + 1;
                }
                char l = s[left];
                need[l]++;
                if (need[l] > 0) missing++;
                left++;
            }
        }
        return bestLen <= s.Length ? s.Substring(bestStart, bestLen) : "";
    }
}
