<?php
// Codeground function-mode harness: main.php, next to the learner's solution.php.
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
namespace Codeground\Harness;

const FUNCTION_NAME = /*CG:NAME*/;
const PARAM_TYPES = /*CG:PARAM_TYPES*/;
const RETURNS = /*CG:RETURNS*/;

/**
 * What a token split would break on, and more: `"`, `\`, control characters, every kind of
 * whitespace, as code points of valid UTF-8 (which holds no lone surrogates).
 */
const ESCAPE = '/["\\\\\x00-\x20\x7f-\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]/u';

/**
 * Before any of the learner's code runs, their output (echo, print, STDOUT, php://stdout) goes to
 * stderr at the file-descriptor level. Returns a copy of the original stdout, for the result.
 */
function redirect_output()
{
    $result = fopen('php://fd/1', 'wb');
    try {
        \FFI::cdef('int dup2(int oldfd, int newfd);')->dup2(2, 1);
    } catch (\Throwable $noFfi) {
        // Without FFI: once descriptor 1 is closed, the next one opened takes its number.
        fclose(STDOUT);
        $GLOBALS['__cg_stdout_to_stderr'] = fopen('php://fd/2', 'wb');
    }
    return $result;
}

function decode(string $type, $value)
{
    if (!str_starts_with($type, 'float')) {
        return $value;
    }
    if (str_ends_with($type, '[]')) {
        $inner = substr($type, 0, -2);
        return array_map(fn ($item) => decode($inner, $item), $value);
    }
    return (float) $value;
}

/** PHP strings are bytes: bytes that are not UTF-8 print as U+FFFD. */
function quote(string $s): string
{
    if (!mb_check_encoding($s, 'UTF-8')) {
        mb_substitute_character(0xFFFD);
        $s = mb_scrub($s, 'UTF-8');
    }
    $escaped = preg_replace_callback(ESCAPE, fn (array $m) => match ($m[0]) {
        '"' => '\\"',
        '\\' => '\\\\',
        default => sprintf('\\u%04x', mb_ord($m[0], 'UTF-8')),
    }, $s);
    return '"' . $escaped . '"';
}

function float_text(float $f): string
{
    if (is_nan($f)) {
        return 'NaN';
    }
    if (is_infinite($f)) {
        return $f > 0 ? 'Infinity' : '-Infinity';
    }
    // The shortest text that reads back as the same double (serialize_precision = -1).
    return json_encode($f);
}

/**
 * Appends `value` in canonical spaced JSON: one space between tokens, `[ ]` for an empty array.
 * The result's type is an array, so a PHP array prints its values in order whatever its keys
 * (array_filter and array_unique keep the keys of what they leave).
 */
function put($value, array &$parts): void
{
    if ($value === null) {
        $parts[] = 'null';
    } elseif (is_bool($value)) {
        $parts[] = $value ? 'true' : 'false';
    } elseif (is_int($value)) {
        $parts[] = (string) $value;
    } elseif (is_float($value)) {
        $parts[] = float_text($value);
    } elseif (is_string($value)) {
        $parts[] = quote($value);
    } elseif (is_array($value)) {
        if (!$value) {
            $parts[] = '[ ]';
            return;
        }
        $parts[] = '[';
        $first = true;
        foreach ($value as $item) {
            if (!$first) {
                $parts[] = ',';
            }
            $first = false;
            put($item, $parts);
        }
        $parts[] = ']';
    } elseif ($value instanceof \Traversable) {
        put(iterator_to_array($value, false), $parts);
    } else {
        throw new \TypeError(FUNCTION_NAME . '() returned ' . get_debug_type($value) . '; expected ' . RETURNS);
    }
}

/** An uncaught error as PHP reports it, with the learner's file names and without the harness's frames. */
function report(\Throwable $error): void
{
    // What the learner printed before the error comes first.
    while (ob_get_level() > 0) {
        ob_end_flush();
    }
    $relative = fn (string $file) => str_starts_with($file, __DIR__ . '/') ? substr($file, strlen(__DIR__) + 1) : $file;
    $where = $error->getFile() === __FILE__ ? '' : ' in ' . $relative($error->getFile()) . ':' . $error->getLine();
    $text = 'PHP Fatal error:  Uncaught ' . get_class($error) . ': ' . $error->getMessage() . $where . "\nStack trace:\n";
    $n = 0;
    foreach ($error->getTrace() as $frame) {
        if (($frame['file'] ?? '') === __FILE__) {
            continue;
        }
        $where = isset($frame['file']) ? $relative($frame['file']) . '(' . ($frame['line'] ?? 0) . ')' : '[internal function]';
        $text .= '#' . $n++ . ' ' . $where . ': ' . ($frame['class'] ?? '') . ($frame['type'] ?? '') . $frame['function'] . "()\n";
    }
    fwrite(STDERR, $text . '#' . $n . " {main}\n");
}

function main($resultOut): int
{
    $raw = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
    $args = [];
    foreach (PARAM_TYPES as $i => $type) {
        $args[] = decode($type, $raw[$i]);
    }
    if (!function_exists(FUNCTION_NAME)) {
        fwrite(STDERR, 'Define a function named ' . FUNCTION_NAME . ".\n");
        return 1;
    }
    $result = (FUNCTION_NAME)(...$args);
    ini_set('serialize_precision', '-1');
    $parts = [];
    put($result, $parts);
    fwrite($resultOut, implode(' ', $parts) . "\n");
    return 0;
}

// The learner's file is required at the top level, so its variables are globals, as when it runs alone.
try {
    $__cg_result_out = redirect_output();
    require __DIR__ . '/solution.php';
    exit(main($__cg_result_out));
} catch (\Throwable $__cg_error) {
    report($__cg_error);
    exit(255);
}
