// Returns the straight-line (Manhattan) distance, ignoring walls.
using System;

public class Solution
{
    public int solution(string[] grid)
    {
        int sr = 0, sc = 0, er = 0, ec = 0;
        for (int r = 0; r < grid.Length; r++)
            for (int c = 0; c < grid[r].Length; c++)
            {
                if (grid[r][c] == 'S') { sr = r; sc = c; }
                if (grid[r][c] == 'E') { er = r; ec = c; }
            }
        return Math.Abs(sr - er) + Math.Abs(sc - ec);
    }
}
