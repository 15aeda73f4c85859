using System;
using System.Text;

class Program
{
    const long Mod = 1000000007L;

    static long PowMod(long b, long e)
    {
        long result = 1;
        b %= Mod;
        for (; e > 0; e >>= 1)
        {
            if ((e & 1) == 1) result = result * b % Mod;
            b = b * b % Mod;
        }
        return result;
    }

    static void Main()
    {
        string[] tokens = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int q = int.Parse(tokens[0]);
        int[] n = new int[q], k = new int[q];
        int top = 0;
        for (int j = 0; j < q; j++)
        {
            n[j] = int.Parse(tokens[1 + 2 * j]);
            k[j] = int.Parse(tokens[2 + 2 * j]);
            top = Math.Max(top, n[j]);
        }
        long[] fact = new long[top + 1], inv = new long[top + 1];
        fact[0] = 1;
        for (int i = 1; i <= top; i++) fact[i] = fact[i - 1] * i % Mod;
        inv[top] = PowMod(fact[top], Mod - 2);
        for (int i = top; i > 0; i--) inv[i - 1] = inv[i] * i % Mod;
        var output = new StringBuilder();
        for (int j = 0; j < q; j++)
        {
            long answer = k[j] > n[j] ? 0 : fact[n[j]] * inv[k[j]] % Mod * inv[n[j] - k[j]] % Mod;
            output.Append(answer).Append('\n');
        }
        Console.Write(output);
    }
}
