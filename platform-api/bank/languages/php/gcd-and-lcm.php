<?php
function solution(int $a, int $b): array {
    [$x, $y] = [$a, $b];
    while ($y !== 0) {
        [$x, $y] = [$y, $x % $y];
    }
    return [$x, intdiv($a, $x) * $b];
}
