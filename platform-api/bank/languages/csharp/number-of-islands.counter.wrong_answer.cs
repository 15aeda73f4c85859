// Joins cells that touch only diagonally.
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
                for (int dr = -1; dr <= 1; dr++)
                    for (int dc = -1; dc <= 1; dc++)
                    {
                        int nr = r + dr, nc = c + dc;
                        if (nr < 0 || nr >= rows || nc < 0 || nc >= cols || !land[nr * cols + nc]) continue;
                        land[nr * cols + nc] = false;
                        stack[top++] = nr * cols + nc;
                    }
            }
        }
        return islands;
    }
}
