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
        int i = 0, j = n - 1;
        while (i < j)
        {
            long s = a[i] + a[j];
            if (s == target) break;
            if (s < target) i++;
            else j--;
        }
        Console.WriteLine((i + 1) + " " + (j + 1));
    }
}
