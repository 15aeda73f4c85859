<?php
/**
 * @param int[] $nums
 * @return int[]
 */
function solution(array $nums, int $target): array {
    $seen = [];
    foreach ($nums as $j => $x) {
        if (isset($seen[$target - $x])) {
            return [$seen[$target - $x], $j];
        }
        $seen[$x] ??= $j;
    }
    return [];
}
