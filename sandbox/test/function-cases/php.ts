import type { FunctionCase } from "./types.js";

const lang: FunctionCase = {
  id: "php",
  noisy:
    '<?php\necho "top junk\\n";\nfwrite(STDOUT, "top junk via STDOUT\\n");\n\nfunction solution(int $p0): int {\n    echo "junk $p0\\n";\n    print("more junk\\n");\n    fwrite(STDOUT, "STDOUT junk\\n");\n    file_put_contents("php://stdout", "stream junk\\n");\n    file_put_contents("php://output", "output junk\\n");\n    return $p0 + 1;\n}\n\necho "top junk ", solution(41), "\\n";',
  append: '<?php\nfunction solution(string $p0): string {\n    return $p0 . "é \\"\\\\\\n😀";\n}',
  sum: '<?php\nfunction solution(array $p0): int {\n    if (!$p0) {\n        throw new InvalidArgumentException("empty");\n    }\n    while ($p0[0] === -1) {\n    }\n    return array_sum($p0);\n}',
  broken: "<?php\nfunction solution(int $p0): int {\n    return $p0 +;\n}",
  brokenLine: 3,
  file: "solution.php",
  compiled: true,
  floatSum: "<?php\nfunction solution(array $p0): float {\n    return array_sum($p0);\n}",
  thrownAt: /InvalidArgumentException: empty in solution\.php:4\b/,
  identity: (starter) => starter.replace(/\{\n {4}\n\}/, () => "{\n    return $p0;\n}"),
};

export default lang;
