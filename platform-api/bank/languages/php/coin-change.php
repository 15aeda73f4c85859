<?php
/**
 * @param int[] $coins
 */
function solution(array $coins, int $amount): int {
    $unreachable = $amount + 1;
    $best = array_fill(0, $amount + 1, $unreachable);
    $best[0] = 0;
    foreach (array_unique($coins) as $coin) {
        for ($value = $coin; $value <= $amount; $value++) {
            $candidate = $best[$value - $coin] + 1;
            if ($candidate < $best[$value]) {
                $best[$value] = $candidate;
            }
        }
    }
    return $best[$amount] === $unreachable ? -1 : $best[$amount];
}
