<?php
// Stops Euclid's loop one step early (while the remainder is above 1), so numbers that share no
// factor get a gcd larger than 1.
function solution(int $a, int $b): array {
    [$x, $y] = [$a, $b];
    while ($y > 1) {
        [$x, $y] = [$y, $x % $y];
    }
    return [$x, intdiv($a * $b, $x)];
}
