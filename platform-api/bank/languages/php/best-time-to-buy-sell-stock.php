<?php
/**
 * @param int[] $prices
 */
function solution(array $prices): int {
    $best = 0;
    $lowest = $prices[0];
    foreach ($prices as $price) {
        if ($price < $lowest) {
            $lowest = $price;
        } elseif ($price - $lowest > $best) {
            $best = $price - $lowest;
        }
    }
    return $best;
}
