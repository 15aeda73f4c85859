<?php
function solution(string $s): int {
    $last = [];
    $start = 0;
    $best = 0;
    $n = strlen($s);
    for ($i = 0; $i < $n; $i++) {
        $c = $s[$i];
        if (isset($last[$c]) && $last[$c] >= $start) {
            $start = $last[$c] + 1;
        }
        $last[$c] = $i;
        if ($i - $start + 1 > $best) {
            $best = $i - $start + 1;
        }
    }
    return $best;
}
