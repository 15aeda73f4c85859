using System;

class Program
{
    static void Main()
    {
        int n = int.Parse(Console.ReadLine().Trim());
        // Print the number of moves, then one "from to" line per move.
    }
}
