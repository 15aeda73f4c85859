using System;
using System.Text;

class Program
{
    static readonly StringBuilder Output = new StringBuilder();

    static void Hanoi(int k, int source, int target, int spare)
    {
        if (k == 0) return;
        Hanoi(k - 1, source, spare, target);
        Output.Append(source).Append(' ').Append(target).Append('\n');
        Hanoi(k - 1, spare, target, source);
    }

    static void Main()
    {
        int n = int.Parse(Console.ReadLine().Trim());
        Output.Append((1 << n) - 1).Append('\n');
        Hanoi(n, 1, 3, 2);
        Console.Write(Output);
    }
}
