import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "php",
  hello: '<?php\necho "hello\\n";',
  sum: '<?php\n[$a, $b] = array_map("intval", explode(" ", trim(fgets(STDIN))));\necho $a + $b, "\\n";',
  multi: [
    { name: "main.php", content: "<?php\nrequire __DIR__ . '/helper.php';\n\necho add(2, 3), \"\\n\";\n" },
    { name: "helper.php", content: "<?php\nfunction add(int $a, int $b): int {\n    return $a + $b;\n}\n" },
  ],
  compileError: "<?php\nfunction add($a, $b {\n    return $a + $b;\n}\n",
  lineError: {
    code: '<?php\n$a = 1;\necho $a +;\necho "done\\n";\n',
    verdict: "compilation_error",
    where: /main\.php:3: Parse error/,
  },
  runtimeError: '<?php\nthrow new RuntimeException("boom");',
  busyLoop: "<?php\nwhile (true) {\n}",
  memoryHog: '<?php\n$data = str_repeat("x", 400 * 1024 * 1024);\necho strlen($data), "\\n";',
  outputFlood: '<?php\nwhile (true) {\n    echo str_repeat("x", 1000), "\\n";\n}',
  network:
    '<?php\n$socket = @fsockopen("1.1.1.1", 80, $errno, $error, 2);\necho $socket === false ? "no network" : "connected", "\\n";',
  readOnlyRoot:
    '<?php\necho @file_put_contents("/tmp/cg-probe", "x") === false ? "read-only" : "written", "\\n";',
};

export default lang;
