using System;
using System.Collections.Generic;

public class Solution
{
    public string[][] solution(string[] words)
    {
        var groups = new Dictionary<string, List<string>>();
        var order = new List<List<string>>();
        foreach (string w in words)
        {
            char[] letters = w.ToCharArray();
            Array.Sort(letters);
            string key = new string(letters);
            List<string> group;
            if (!groups.TryGetValue(key, out group))
            {
                group = new List<string>();
                groups[key] = group;
                order.Add(group);
            }
            group.Add(w);
        }
        var result = new string[order.Count][];
        for (int i = 0; i < order.Count; i++) result[i] = order[i].ToArray();
        return result;
    }
}
