<?php
/**
 * @param string[] $words
 * @return string[][]
 */
function solution(array $words): array {
    // PHP arrays keep insertion order: groups come in the order of their first word.
    $groups = [];
    foreach ($words as $word) {
        $letters = str_split($word);
        sort($letters);
        $groups[implode('', $letters)][] = $word;
    }
    return array_values($groups);
}
