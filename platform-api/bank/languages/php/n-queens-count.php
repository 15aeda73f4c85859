<?php
// $cols, $left and $right are bit masks of the squares attacked in the current row
function place(int $full, int $cols, int $left, int $right): int {
    if ($cols === $full) {
        return 1;
    }
    $total = 0;
    $free = $full & ~($cols | $left | $right);
    while ($free) {
        $bit = $free & -$free;
        $free ^= $bit;
        $total += place($full, $cols | $bit, (($left | $bit) << 1) & $full, ($right | $bit) >> 1);
    }
    return $total;
}

function solution(int $n): int {
    return place((1 << $n) - 1, 0, 0, 0);
}
