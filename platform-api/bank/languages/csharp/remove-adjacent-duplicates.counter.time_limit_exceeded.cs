// Removes one pair and rescans from the start: O(n^2) on 200000 letters.
using System;

class Program
{
    static void Main()
    {
        string s = Console.ReadLine().Trim();
        bool removed = true;
        while (removed)
        {
            removed = false;
            for (int i = 0; i + 1 < s.Length; i++)
            {
                if (s[i] != s[i + 1]) continue;
                s = s.Remove(i, 2);
                removed = true;
                break;
            }
        }
        Console.WriteLine(s);
    }
}
