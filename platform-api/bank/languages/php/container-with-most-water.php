<?php
/**
 * @param int[] $heights
 */
function solution(array $heights): int {
    $i = 0;
    $j = count($heights) - 1;
    $best = 0;
    while ($i < $j) {
        if ($heights[$i] < $heights[$j]) {
            $area = $heights[$i] * ($j - $i);
            $i++;
        } else {
            $area = $heights[$j] * ($j - $i);
            $j--;
        }
        if ($area > $best) {
            $best = $area;
        }
    }
    return $best;
}
