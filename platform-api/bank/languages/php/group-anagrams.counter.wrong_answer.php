<?php
// Groups by the letters a word uses (count_chars mode 3), ignoring how often each appears.
function solution(array $words): array {
    $groups = [];
    foreach ($words as $word) {
        $groups[count_chars($word, 3)][] = $word;
    }
    return array_values($groups);
}
