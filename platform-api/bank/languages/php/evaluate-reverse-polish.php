<?php
/**
 * @param string[] $tokens
 */
function solution(array $tokens): int {
    $stack = [];
    foreach ($tokens as $token) {
        if ($token === '+' || $token === '-' || $token === '*' || $token === '/') {
            $b = array_pop($stack);
            $a = array_pop($stack);
            $stack[] = match ($token) {
                '+' => $a + $b,
                '-' => $a - $b,
                '*' => $a * $b,
                // intdiv truncates toward zero, as the problem asks
                '/' => intdiv($a, $b),
            };
        } else {
            $stack[] = (int) $token;
        }
    }
    return end($stack);
}
