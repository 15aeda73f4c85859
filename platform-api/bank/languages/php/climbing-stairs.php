<?php
function solution(int $n): int {
    // ways to reach steps i-3, i-2, i-1; the ground (step 0) is reached one way
    [$a, $b, $c] = [0, 0, 1];
    for ($i = 0; $i < $n; $i++) {
        [$a, $b, $c] = [$b, $c, ($a + $b + $c) % 1_000_000_007];
    }
    return $c;
}
