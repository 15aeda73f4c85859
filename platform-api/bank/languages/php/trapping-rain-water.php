<?php
/**
 * @param int[] $heights
 */
function solution(array $heights): int {
    $i = 0;
    $j = count($heights) - 1;
    $left = 0;
    $right = 0;
    $water = 0;
    while ($i < $j) {
        if ($heights[$i] < $heights[$j]) {
            $left = max($left, $heights[$i]);
            $water += $left - $heights[$i];
            $i++;
        } else {
            $right = max($right, $heights[$j]);
            $water += $right - $heights[$j];
            $j--;
        }
    }
    return $water;
}
