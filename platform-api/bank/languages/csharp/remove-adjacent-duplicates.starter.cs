using System;
using System.Text;

class Program
{
    static void Main()
    {
        string s = Console.ReadLine().Trim();
        // Print s with adjacent equal pairs removed, repeatedly.
    }
}
