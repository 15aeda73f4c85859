// Tests each number of each range by trial division.
using System;
using System.Text;

class Program
{
    static bool IsPrime(int x)
    {
        if (x < 2) return false;
        for (int d = 2; (long) d * d <= x; d++) if (x % d == 0) return false;
        return true;
    }

    static void Main()
    {
        string[] tokens = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int q = int.Parse(tokens[0]);
        var output = new StringBuilder();
        for (int j = 0; j < q; j++)
        {
            int l = int.Parse(tokens[1 + 2 * j]), r = int.Parse(tokens[2 + 2 * j]), count = 0;
            for (int x = l; x <= r; x++) if (IsPrime(x)) count++;
            output.Append(count).Append('\n');
        }
        Console.Write(output);
    }
}
