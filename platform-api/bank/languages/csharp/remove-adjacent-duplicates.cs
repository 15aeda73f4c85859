using System;
using System.Text;

class Program
{
    static void Main()
    {
        string s = Console.ReadLine().Trim();
        var stack = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            int top = stack.Length - 1;
            if (top >= 0 && stack[top] == c) stack.Length = top;
            else stack.Append(c);
        }
        Console.WriteLine(stack);
    }
}
