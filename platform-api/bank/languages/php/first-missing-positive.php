<?php
/**
 * @param int[] $nums
 */
function solution(array $nums): int {
    $n = count($nums);
    for ($i = 0; $i < $n; $i++) {
        // Put each value v in 1..n at index v - 1.
        while (($v = $nums[$i]) > 0 && $v <= $n && $nums[$v - 1] !== $v) {
            $nums[$i] = $nums[$v - 1];
            $nums[$v - 1] = $v;
        }
    }
    for ($i = 0; $i < $n; $i++) {
        if ($nums[$i] !== $i + 1) {
            return $i + 1;
        }
    }
    return $n + 1;
}
