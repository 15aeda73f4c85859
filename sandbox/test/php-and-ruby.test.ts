import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  buildFunctionRun,
  createSandbox,
  type RunRequest,
  type RunResponse,
  type Sandbox,
} from "../src/index.js";
import { describeDocker, runtime } from "./helpers.js";

const show = (result: RunResponse) => JSON.stringify(result, null, 1).slice(0, 2000);
const compileMessage = (result: RunResponse) =>
  `${result.compile?.stdout ?? ""}${result.compile?.stderr ?? ""}`;

/** What PHP and Ruby learners run into that the language-wide suites do not cover. */
describeDocker(`PHP and Ruby as learners write them, on ${runtime}`, () => {
  let sandbox: Sandbox;
  const run = (request: RunRequest) => sandbox.run(request);

  beforeAll(async () => {
    sandbox = await createSandbox({ config: { runtime, poolSize: 1 }, logger: pino({ level: "silent" }) });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it.concurrent("refuses a PHP program without <?php, which PHP would print as text, and says why", async () => {
    const result = await run({ language: "php", code: 'echo "hello\\n";\n' });
    expect(result.status, show(result)).toBe("compilation_error");
    expect(compileMessage(result)).toMatch(/^main\.php:1: no <\?php open tag.*start the file with <\?php/m);
    expect(result.run).toBeUndefined();
  });

  it.concurrent("runs a PHP file that starts with text before its <?php tag, as PHP does", async () => {
    const result = await run({ language: "php", code: 'Hello, <?php echo "world"; ?>!\n' });
    expect(result.status, show(result)).toBe("accepted");
    expect(result.run?.stdout).toBe("Hello, world!\n");
  });

  it.concurrent("refuses a function-mode solution.php without <?php, naming that file", async () => {
    const result = await run(
      buildFunctionRun({
        language: "php",
        signature: { name: "solution", params: [{ name: "n", type: "int" }], returns: "int" },
        code: "function solution(int $n): int {\n    return $n;\n}\n",
        tests: [{ id: "1", args: [1], expected: 1 }],
      }),
    );
    expect(result.status, show(result)).toBe("compilation_error");
    expect(compileMessage(result)).toMatch(/^solution\.php:1: no <\?php open tag/m);
  });

  it.concurrent("prints the values of a PHP array whose keys array_filter left with gaps", async () => {
    const result = await run(
      buildFunctionRun({
        language: "php",
        signature: { name: "solution", params: [{ name: "nums", type: "int[]" }], returns: "int[]" },
        code: "<?php\nfunction solution(array $nums): array {\n    return array_filter($nums, fn ($x) => $x % 2 === 0);\n}\n",
        tests: [{ id: "1", args: [[1, 2, 3, 4]], expected: [2, 4] }],
      }),
    );
    expect(result.status, show(result)).toBe("accepted");
  });

  it.concurrent("prints bytes of a PHP string that are not UTF-8 as U+FFFD", async () => {
    const result = await run(
      buildFunctionRun({
        language: "php",
        signature: { name: "solution", params: [{ name: "s", type: "string" }], returns: "string" },
        code: '<?php\nfunction solution(string $s): string {\n    return $s . "\\xff" . "\\u{2003}";\n}\n',
        tests: [{ id: "1", args: ["é"], expected: "é\ufffd\u2003" }],
      }),
    );
    expect(result.status, show(result)).toBe("accepted");
    expect(result.tests?.[0]?.stdout).toBe('"é\ufffd\\u2003"\n');
  });

  it.concurrent("lets Ruby recurse 100000 deep and requires bundled gems such as prime", async () => {
    const result = await run({
      language: "ruby",
      code: 'require "prime"\n\ndef depth(n) = n.zero? ? 0 : 1 + depth(n - 1)\n\nputs depth(100_000)\nputs Prime.first(4).sum\n',
    });
    expect(result.status, show(result)).toBe("accepted");
    expect(result.run?.stdout).toBe("100000\n17\n");
  });

  it.concurrent("reports endless Ruby recursion as a runtime error naming the learner's line", async () => {
    const result = await run({ language: "ruby", code: "def down(n)\n  down(n + 1)\nend\n\ndown(0)\n" });
    expect(result.status, show(result)).toBe("runtime_error");
    expect(result.run?.stderr).toMatch(/main\.rb:2:in `down': stack level too deep \(SystemStackError\)/);
  });
});
