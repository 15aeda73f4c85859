// Multiplies residues in 32-bit ints, which wrap.
using System;
using System.Text;

class Program
{
    const int Mod = 1000000007;

    static int PowMod(int b, int e)
    {
        int result = 1;
        for (; e > 0; e >>= 1)
        {
            if ((e & 1) == 1) result = unchecked(result * b) % Mod;
            b = unchecked(b * b) % Mod;
        }
        return result;
    }

    static void Main()
    {
        string[] tokens = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int q = int.Parse(tokens[0]);
        var output = new StringBuilder();
        int[] fact = new int[1000001];
        fact[0] = 1;
        for (int i = 1; i < fact.Length; i++) fact[i] = unchecked(fact[i - 1] * i) % Mod;
        for (int j = 0; j < q; j++)
        {
            int n = int.Parse(tokens[1 + 2 * j]), k = int.Parse(tokens[2 + 2 * j]);
            int answer = k > n ? 0 : unchecked(unchecked(fact[n] * PowMod(fact[k], Mod - 2)) % Mod * PowMod(fact[n - k], Mod - 2)) % Mod;
            output.Append(answer).Append('\n');
        }
        Console.Write(output);
    }
}
