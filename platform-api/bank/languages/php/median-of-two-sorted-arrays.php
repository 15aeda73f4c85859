<?php
/**
 * @param int[] $nums1
 * @param int[] $nums2
 */
function solution(array $nums1, array $nums2): float {
    [$a, $b] = count($nums1) <= count($nums2) ? [$nums1, $nums2] : [$nums2, $nums1];
    $m = count($a);
    $n = count($b);
    $half = intdiv($m + $n + 1, 2);
    $lo = 0;
    $hi = $m;
    while (true) {
        $i = intdiv($lo + $hi, 2);
        $j = $half - $i;
        $aLeft = $i > 0 ? $a[$i - 1] : PHP_INT_MIN;
        $aRight = $i < $m ? $a[$i] : PHP_INT_MAX;
        $bLeft = $j > 0 ? $b[$j - 1] : PHP_INT_MIN;
        $bRight = $j < $n ? $b[$j] : PHP_INT_MAX;
        if ($aLeft > $bRight) {
            $hi = $i - 1;
        } elseif ($bLeft > $aRight) {
            $lo = $i + 1;
        } else {
            $left = max($aLeft, $bLeft);
            if (($m + $n) % 2 === 1) {
                return $left;
            }
            return ($left + min($aRight, $bRight)) / 2;
        }
    }
}
