<?php
/**
 * @param int[][] $prerequisites
 * @return int[]
 */
function solution(int $n, array $prerequisites): array {
    $after = array_fill(0, $n, []);
    $waiting = array_fill(0, $n, 0);
    foreach ($prerequisites as [$a, $b]) {
        $after[$b][] = $a;
        $waiting[$a]++;
    }
    $ready = new SplMinHeap();
    for ($course = 0; $course < $n; $course++) {
        if ($waiting[$course] === 0) {
            $ready->insert($course);
        }
    }
    $order = [];
    while (!$ready->isEmpty()) {
        $course = $ready->extract();
        $order[] = $course;
        foreach ($after[$course] as $next) {
            if (--$waiting[$next] === 0) {
                $ready->insert($next);
            }
        }
    }
    return count($order) === $n ? $order : [];
}
