<?php
/**
 * @param string[] $grid
 */
function solution(array $grid): int {
    $width = strlen($grid[0]) + 1; // a wall column on the right keeps moves from wrapping around
    $flat = str_repeat('#', $width) . implode('#', $grid) . '#' . str_repeat('#', $width);
    $start = strpos($flat, 'S');
    $goal = strpos($flat, 'E');
    $seen = $flat; // a cell turns into '#' once reached
    $seen[$start] = '#';
    $frontier = [$start];
    $steps = 0;
    while ($frontier) {
        $next = [];
        foreach ($frontier as $c) {
            if ($c === $goal) {
                return $steps;
            }
            foreach ([$c - 1, $c + 1, $c - $width, $c + $width] as $n) {
                if ($seen[$n] !== '#') {
                    $seen[$n] = '#';
                    $next[] = $n;
                }
            }
        }
        $frontier = $next;
        $steps++;
    }
    return -1;
}
