<?php
function solution(string $a, string $b): int {
    $m = strlen($a);
    $n = strlen($b);
    // $prev[$j]: distance between the first i-1 letters of a and the first j letters of b
    $prev = range(0, $n);
    for ($i = 1; $i <= $m; $i++) {
        $ca = $a[$i - 1];
        $cur = [$i];
        $left = $i;
        for ($j = 1; $j <= $n; $j++) {
            if ($ca === $b[$j - 1]) {
                $left = $prev[$j - 1];
            } else {
                $best = $prev[$j - 1];
                if ($prev[$j] < $best) {
                    $best = $prev[$j];
                }
                if ($left < $best) {
                    $best = $left;
                }
                $left = $best + 1;
            }
            $cur[] = $left;
        }
        $prev = $cur;
    }
    return $prev[$n];
}
