// Checks only one of the two diagonal directions.
public class Solution
{
    int full;

    int Place(int cols, int left)
    {
        if (cols == full) return 1;
        int total = 0;
        int free = full & ~(cols | left);
        while (free != 0)
        {
            int bit = free & -free;
            free ^= bit;
            total += Place(cols | bit, ((left | bit) << 1) & full);
        }
        return total;
    }

    public int solution(int n)
    {
        full = (1 << n) - 1;
        return Place(0, 0);
    }
}
