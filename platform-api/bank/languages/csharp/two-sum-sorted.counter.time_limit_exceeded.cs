// Tries every pair: O(n^2) on 200000 numbers.
using System;

class Program
{
    static void Main()
    {
        string[] tokens = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int n = int.Parse(tokens[0]);
        long target = long.Parse(tokens[1]);
        long[] a = new long[n];
        for (int k = 0; k < n; k++) a[k] = long.Parse(tokens[2 + k]);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (a[i] + a[j] == target)
                {
                    Console.WriteLine((i + 1) + " " + (j + 1));
                    return;
                }
    }
}
