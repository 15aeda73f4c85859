public class Solution
{
    public int solution(string[] grid)
    {
        int rows = grid.Length, cols = grid[0].Length;
        int[] dist = new int[rows * cols];
        for (int k = 0; k < dist.Length; k++) dist[k] = -1;
        int[] queue = new int[rows * cols];
        int head = 0, tail = 0, goal = -1;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                char ch = grid[r][c];
                if (ch == 'S')
                {
                    dist[r * cols + c] = 0;
                    queue[tail++] = r * cols + c;
                }
                else if (ch == 'E') goal = r * cols + c;
            }
        }
        int[] dr = { -1, 1, 0, 0 }, dc = { 0, 0, -1, 1 };
        while (head < tail)
        {
            int cell = queue[head++];
            if (cell == goal) return dist[cell];
            int r = cell / cols, c = cell % cols;
            for (int d = 0; d < 4; d++)
            {
                int nr = r + dr[d], nc = c + dc[d];
                if (nr < 0 || nr >= rows || nc < 0 || nc >= cols || grid[nr][nc] == '#') continue;
                int next = nr * cols + nc;
                if (dist[next] == -1)
                {
                    dist[next] = dist[cell] + 1;
                    queue[tail++] = next;
                }
            }
        }
        return -1;
    }
}
