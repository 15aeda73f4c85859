<?php
/**
 * @param int[] $nums
 */
function solution(array $nums): int {
    // $tails[$k]: the smallest value that ends an increasing subsequence of length k + 1
    $tails = [];
    $size = 0;
    foreach ($nums as $x) {
        $lo = 0;
        $hi = $size;
        while ($lo < $hi) {
            $mid = ($lo + $hi) >> 1;
            if ($tails[$mid] < $x) {
                $lo = $mid + 1;
            } else {
                $hi = $mid;
            }
        }
        $tails[$lo] = $x;
        if ($lo === $size) {
            $size++;
        }
    }
    return $size;
}
