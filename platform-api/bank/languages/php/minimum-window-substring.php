<?php
function solution(string $s, string $t): string {
    $need = array_fill(0, 128, 0);
    $tLength = strlen($t);
    for ($i = 0; $i < $tLength; $i++) {
        $need[ord($t[$i])]++;
    }
    $missing = $tLength;
    $n = strlen($s);
    $bestStart = 0;
    $bestLength = $n + 1;
    $left = 0;
    for ($right = 0; $right < $n; $right++) {
        $c = ord($s[$right]);
        if ($need[$c] > 0) {
            $missing--;
        }
        $need[$c]--;
        while ($missing === 0) {
            if ($right - $left + 1 < $bestLength) {
                $bestStart = $left;
                $bestLength = $right - $left + 1;
            }
            $k = ord($s[$left]);
            $need[$k]++;
            if ($need[$k] > 0) {
                $missing++;
            }
            $left++;
        }
    }
    return $bestLength <= $n ? substr($s, $bestStart, $bestLength) : '';
}
