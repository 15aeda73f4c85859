<?php
function solution(int $base, int $exponent, int $modulus): int {
    // Residues stay below 2 * 10^9, so their products fit in PHP's 64-bit integers.
    $result = 1 % $modulus;
    $b = $base % $modulus;
    $e = $exponent;
    while ($e > 0) {
        if ($e & 1) {
            $result = $result * $b % $modulus;
        }
        $b = $b * $b % $modulus;
        $e >>= 1;
    }
    return $result;
}
