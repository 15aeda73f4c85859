<?php
// Searches for the lcm by counting up from the larger number, one by one.
function solution(int $a, int $b): array {
    $lcm = max($a, $b);
    while ($lcm % $a !== 0 || $lcm % $b !== 0) {
        $lcm++;
    }
    return [intdiv($a * $b, $lcm), $lcm];
}
