<?php
// Merges the arrays, then takes the mean of the two middle numbers with intdiv, which drops the half.
function solution(array $nums1, array $nums2): float {
    $all = array_merge($nums1, $nums2);
    sort($all);
    $mid = intdiv(count($all), 2);
    return count($all) % 2 === 1 ? $all[$mid] : intdiv($all[$mid - 1] + $all[$mid], 2);
}
