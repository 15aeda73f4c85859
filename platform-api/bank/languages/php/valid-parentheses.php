<?php
function solution(string $s): bool {
    $pairs = [')' => '(', ']' => '[', '}' => '{'];
    $stack = [];
    $n = strlen($s);
    for ($i = 0; $i < $n; $i++) {
        $c = $s[$i];
        if (isset($pairs[$c])) {
            if (array_pop($stack) !== $pairs[$c]) {
                return false;
            }
        } else {
            $stack[] = $c;
        }
    }
    return !$stack;
}
