<?php
function solution(string $s): bool {
    $kept = preg_replace('/[^a-z0-9]/', '', strtolower($s));
    return $kept === strrev($kept);
}
