<?php
/**
 * @param int[] $nums
 */
function solution(array $nums): int {
    return array_sum($nums);
}
