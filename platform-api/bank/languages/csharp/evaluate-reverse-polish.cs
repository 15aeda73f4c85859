public class Solution
{
    public long solution(string[] tokens)
    {
        long[] stack = new long[tokens.Length];
        int top = 0;
        foreach (string tok in tokens)
        {
            if (tok.Length == 1 && "+-*/".IndexOf(tok[0]) >= 0)
            {
                long b = stack[--top], a = stack[--top];
                switch (tok[0])
                {
                    case '+': stack[top++] = a + b; break;
                    case '-': stack[top++] = a - b; break;
                    case '*': stack[top++] = a * b; break;
                    default: stack[top++] = a / b; break;
                }
            }
            else stack[top++] = long.Parse(tok);
        }
        return stack[top - 1];
    }
}
