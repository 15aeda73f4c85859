<?php
/**
 * @param string[] $grid
 */
function solution(array $grid): int {
    $rows = count($grid);
    $width = strlen($grid[0]) + 1; // a water column on the right keeps neighbours from wrapping around
    // One string for the whole map, with a border of water: '#' is unvisited land.
    $land = str_repeat('.', $width) . implode('.', $grid) . '.' . str_repeat('.', $width);
    $end = $width * ($rows + 1);
    $islands = 0;
    for ($cell = $width; $cell < $end; $cell++) {
        if ($land[$cell] !== '#') {
            continue;
        }
        $islands++;
        $land[$cell] = '.';
        $stack = [$cell];
        while ($stack) {
            $c = array_pop($stack);
            foreach ([$c - 1, $c + 1, $c - $width, $c + $width] as $next) {
                if ($land[$next] === '#') {
                    $land[$next] = '.';
                    $stack[] = $next;
                }
            }
        }
    }
    return $islands;
}
