public class Solution
{
    public bool solution(string s)
    {
        char[] stack = new char[s.Length];
        int top = 0;
        foreach (char c in s)
        {
            if (c == '(' || c == '[' || c == '{') stack[top++] = c;
            else
            {
                char open = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (top == 0 || stack[--top] != open) return false;
            }
        }
        return top == 0;
    }
}
