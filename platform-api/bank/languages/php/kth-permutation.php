<?php
/**
 * @return int[]
 */
function solution(int $n, int $k): array {
    $factorial = [1];
    for ($i = 1; $i <= $n; $i++) {
        $factorial[$i] = $factorial[$i - 1] * $i;
    }
    $remaining = range(1, $n);
    $k--;
    $result = [];
    for ($left = $n; $left >= 1; $left--) {
        $index = intdiv($k, $factorial[$left - 1]);
        $k %= $factorial[$left - 1];
        $result[] = array_splice($remaining, $index, 1)[0];
    }
    return $result;
}
