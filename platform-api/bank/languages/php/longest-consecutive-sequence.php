<?php
/**
 * @param int[] $nums
 */
function solution(array $nums): int {
    $values = array_flip($nums);
    $best = 0;
    foreach ($values as $x => $_) {
        if (isset($values[$x - 1])) {
            continue;
        }
        $y = $x;
        while (isset($values[$y + 1])) {
            $y++;
        }
        if ($y - $x + 1 > $best) {
            $best = $y - $x + 1;
        }
    }
    return $best;
}
