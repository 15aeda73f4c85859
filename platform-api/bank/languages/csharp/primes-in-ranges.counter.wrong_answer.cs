// Counts 1 as a prime.
using System;
using System.Text;

class Program
{
    static void Main()
    {
        string[] tokens = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int q = int.Parse(tokens[0]);
        int[] l = new int[q], r = new int[q];
        int limit = 2;
        for (int j = 0; j < q; j++)
        {
            l[j] = int.Parse(tokens[1 + 2 * j]);
            r[j] = int.Parse(tokens[2 + 2 * j]);
            limit = Math.Max(limit, r[j]);
        }
        bool[] composite = new bool[limit + 1];
        for (int i = 2; (long) i * i <= limit; i++)
        {
            if (composite[i]) continue;
            for (int k = i * i; k <= limit; k += i) composite[k] = true;
        }
        int[] upTo = new int[limit + 1];
        for (int x = 1; x <= limit; x++) upTo[x] = upTo[x - 1] + (composite[x] ? 0 : 1);
        var output = new StringBuilder();
        for (int j = 0; j < q; j++) output.Append(upTo[r[j]] - upTo[l[j] - 1]).Append('\n');
        Console.Write(output);
    }
}
