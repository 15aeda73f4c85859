public class Solution
{
    public int solution(string[] grid)
    {
        int rows = grid.Length, cols = grid[0].Length;
        bool[] land = new bool[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) land[r * cols + c] = grid[r][c] == '#';
        int[] stack = new int[rows * cols];
        int islands = 0;
        for (int start = 0; start < rows * cols; start++)
        {
            if (!land[start]) continue;
            islands++;
            land[start] = false;
            int top = 0;
            stack[top++] = start;
            while (top > 0)
            {
                int cell = stack[--top];
                int r = cell / cols, c = cell % cols;
                if (r > 0 && land[cell - cols]) { land[cell - cols] = false; stack[top++] = cell - cols; }
                if (r + 1 < rows && land[cell + cols]) { land[cell + cols] = false; stack[top++] = cell + cols; }
                if (c > 0 && land[cell - 1]) { land[cell - 1] = false; stack[top++] = cell - 1; }
                if (c + 1 < cols && land[cell + 1]) { land[cell + 1] = false; stack[top++] = cell + 1; }
            }
        }
        return islands;
    }
}
