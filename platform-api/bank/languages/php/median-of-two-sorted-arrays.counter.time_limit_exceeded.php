<?php
// Merges by taking the front of either array with array_shift, which renumbers the whole array
// every time: quadratic.
function solution(array $nums1, array $nums2): float {
    $merged = [];
    while ($nums1 || $nums2) {
        if (!$nums2 || ($nums1 && $nums1[0] <= $nums2[0])) {
            $merged[] = array_shift($nums1);
        } else {
            $merged[] = array_shift($nums2);
        }
    }
    $mid = intdiv(count($merged), 2);
    return count($merged) % 2 === 1 ? $merged[$mid] : ($merged[$mid - 1] + $merged[$mid]) / 2;
}
