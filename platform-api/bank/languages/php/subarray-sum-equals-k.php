<?php
/**
 * @param int[] $nums
 */
function solution(array $nums, int $k): int {
    $seen = [0 => 1];
    $prefix = 0;
    $count = 0;
    foreach ($nums as $x) {
        $prefix += $x;
        $count += $seen[$prefix - $k] ?? 0;
        $seen[$prefix] = ($seen[$prefix] ?? 0) + 1;
    }
    return $count;
}
