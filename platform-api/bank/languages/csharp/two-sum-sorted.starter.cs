using System;
using System.Collections.Generic;
using System.Linq;

class Program
{
    static void Main()
    {
        string[] tokens = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        // Values go beyond 2^31: parse them as long. Print the two positions (from 1) whose values add up to the target.
    }
}
