// Groups by the set of distinct letters, ignoring how often each appears ("aab" joins "ab").
using System.Collections.Generic;
using System.Linq;

public class Solution
{
    public string[][] solution(string[] words)
    {
        var groups = new Dictionary<string, List<string>>();
        var order = new List<List<string>>();
        foreach (string w in words)
        {
            string key = new string(w.Distinct().OrderBy(c => c).ToArray());
            List<string> group;
            if (!groups.TryGetValue(key, out group))
            {
                group = new List<string>();
                groups[key] = group;
                order.Add(group);
            }
            group.Add(w);
        }
        return order.Select(g => g.ToArray()).ToArray();
    }
}
