import type { FunctionSignature } from "@codeground/sdk";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  buildFunctionRun,
  canonicalJson,
  createSandbox,
  defaultStarter,
  type FunctionTest,
  type RunResponse,
  type Sandbox,
} from "../src/index.js";
import { describeDocker, runtime } from "./helpers.js";

type Language = "python" | "javascript" | "typescript" | "java" | "cpp";
const languages: Language[] = ["python", "javascript", "typescript", "java", "cpp"];

const sig = (params: string[], returns: string): FunctionSignature => ({
  name: "solution",
  params: params.map((type, i) => ({ name: `p${i}`, type })),
  returns,
});

/** The language's own starter with `return <first parameter>` as its body. */
function identity(language: Language, signature: FunctionSignature): string {
  const starter = defaultStarter(language, signature);
  return language === "python"
    ? starter.replace("pass", "return p0")
    : starter.replace(/\{\n( *)\n/, (_, indent: string) => `{\n${indent}return p0;\n`);
}

/** Characters that stress the canonical form: quotes, backslashes, controls, spaces, non-ASCII. */
const tricky = [
  'a "quoted" \\ path',
  "line\nbreak\ttab\r",
  " lead and trail ",
  "",
  "é日本😀",
  "\u00a0\u2028\u3000x",
];
/** Appended by each language's own string literal: `é "\<newline>😀`. */
const suffix = 'é "\\\n😀';

interface Case {
  /**
   * int -> int: prints "top junk" on stdout before the function is called (top level, static
   * initializer, global constructor) and "junk" while computing x + 1.
   */
  noisy: string;
  /** string -> string: the argument plus `suffix`, from a literal in the language's source. */
  append: string;
  /** int[] -> long: throws on an empty array, loops forever on [-1], else the sum. */
  sum: string;
  /** Does not build (compiled languages) or does not parse (interpreted ones)... */
  broken: string;
  /** ...at this line of the learner's code. */
  brokenLine: number;
}

const cases: Record<Language, Case> = {
  python: {
    noisy:
      'import os, sys\nprint("top junk")\nos.write(1, b"top raw junk\\n")\ndef solution(p0):\n    print("junk", p0)\n    sys.stdout.write("more junk\\n")\n    os.write(1, b"raw junk\\n")\n    return p0 + 1\nprint("top junk", solution(41))',
    append: 'def solution(p0):\n    return p0 + "é \\"\\\\\\n😀"',
    sum: 'def solution(p0):\n    if not p0:\n        raise ValueError("empty")\n    while p0[0] == -1:\n        pass\n    return sum(p0)',
    broken: "def solution(p0)\n    return p0",
    brokenLine: 1,
  },
  javascript: {
    noisy:
      'const util = require("util");\nconst name = "learner";\nconsole.log(util.format("top junk %s", name));\nprocess.stdout.write("top junk again\\n");\nfunction emit() {}\nfunction solution(p0) {\n  console.log("junk", p0);\n  process.stdout.write("more junk\\n");\n  console.info("info junk");\n  return p0 + 1;\n}\nconsole.log("top junk", solution(41));',
    append: 'function solution(p0) {\n  return p0 + "é \\"\\\\\\n😀";\n}',
    sum: 'function solution(p0) {\n  if (p0.length === 0) throw new Error("empty");\n  while (p0[0] === -1) {}\n  let s = 0;\n  for (const x of p0) s += x;\n  return s;\n}',
    broken: "function solution(p0) {\n  return p0 +;\n}",
    brokenLine: 2,
  },
  typescript: {
    noisy:
      'import * as util from "util";\nconsole.log(util.format("top junk %s", "ts"));\nfunction solution(p0: number): number {\n  console.log("junk", p0);\n  process.stdout.write("more junk\\n");\n  return p0 + 1;\n}\nconsole.log("top junk", solution(41));',
    append: 'function solution(p0: string): string {\n  return p0 + "é \\"\\\\\\n😀";\n}',
    sum: 'function solution(p0: number[]): number {\n  if (p0.length === 0) throw new Error("empty");\n  while (p0[0] === -1) {}\n  let s = 0;\n  for (const x of p0) s += x;\n  return s;\n}',
    broken: 'function solution(p0: number): number {\n  const s: number = "not a number";\n  return s;\n}',
    brokenLine: 2,
  },
  java: {
    noisy:
      'class Solution {\n    static {\n        System.out.println("top junk from a static initializer");\n    }\n\n    public int solution(int p0) {\n        System.out.println("junk " + p0);\n        System.out.print("more junk\\n");\n        return p0 + 1;\n    }\n}',
    append:
      'class Solution {\n    public String solution(String p0) {\n        return p0 + "é \\"\\\\\\n😀";\n    }\n}',
    sum: 'import java.util.*;\n\nclass Solution {\n    public long solution(int[] p0) {\n        if (p0.length == 0) throw new IllegalArgumentException("empty");\n        while (p0[0] == -1) { }\n        long s = 0;\n        for (int x : p0) s += x;\n        return s;\n    }\n}',
    broken: "class Solution {\n    public int solution(int p0) {\n        return p0 +;\n    }\n}",
    brokenLine: 3,
  },
  cpp: {
    noisy:
      '#include <cstdio>\n#include <iostream>\n\nstruct Announce {\n    Announce() {\n        std::printf("top junk from a global\\n");\n        std::cout << "top junk via cout" << std::endl;\n    }\n} announce;\n\nint solution(int p0) {\n    std::cout << "junk " << p0 << std::endl;\n    std::printf("more junk\\n");\n    std::puts("puts junk");\n    return p0 + 1;\n}',
    append:
      '#include <string>\n\nstd::string solution(const std::string& p0) {\n    return p0 + "é \\"\\\\\\n😀";\n}',
    sum: '#include <stdexcept>\n#include <vector>\n\nlong long solution(const std::vector<int>& p0) {\n    if (p0.empty()) throw std::runtime_error("empty");\n    volatile long spin = 0;\n    while (p0[0] == -1) spin = spin + 1;\n    long long s = 0;\n    for (int x : p0) s += x;\n    return s;\n}',
    broken: "int solution(int p0) {\n    return p0 +;\n}",
    brokenLine: 2,
  },
};

const verdicts = (result: RunResponse) =>
  Object.fromEntries((result.tests ?? []).map((t) => [t.id, t.verdict]));
const show = (result: RunResponse) => JSON.stringify(result, null, 1).slice(0, 3000);

/** Tests run concurrently and wait in the sandbox's queue; their clocks include that wait. */
const timeout = 240_000;

describeDocker(`function mode on ${runtime}`, () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox({ config: { runtime, poolSize: 1 }, logger: pino({ level: "silent" }) });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const judge = (language: Language, signature: FunctionSignature, code: string, tests: FunctionTest[]) =>
    sandbox.run(buildFunctionRun({ language, signature, code, tests, limits: { timeMs: 1000 } }));

  /** Every test echoes its argument, and stdout is exactly the canonical form computed here. */
  async function roundTrip(language: Language, type: string, values: unknown[]) {
    const signature = sig([type], type);
    const tests = values.map((value, i) => ({ id: `v${i}`, args: [value], expected: value }));
    const result = await judge(language, signature, identity(language, signature), tests);
    expect(result.status, show(result)).toBe("accepted");
    // Floats may print in any round-trippable form; everything else exactly as canonicalJson writes it.
    if (!type.startsWith("float")) {
      result.tests?.forEach((test, i) => {
        expect(test.stdout).toBe(`${canonicalJson(values[i])}\n`);
      });
    }
  }

  for (const language of languages) {
    const exactLongs = language !== "javascript" && language !== "typescript";

    it.concurrent(`${language}: int round trip; stray prints anywhere do not count; a wrong answer is one`, {
      timeout,
    }, async () => {
      const result = await judge(language, sig(["int"], "int"), cases[language].noisy, [
        { id: "zero", args: [0], expected: 1 },
        { id: "negative", args: [-2147483648], expected: -2147483647 },
        { id: "wrong", args: [5], expected: 7 },
      ]);
      expect(verdicts(result), show(result)).toEqual({
        zero: "accepted",
        negative: "accepted",
        wrong: "wrong_answer",
      });
      expect(result.status).toBe("wrong_answer");
      expect(result.tests?.[0]?.stdout).toBe("1\n");
      expect(result.tests?.[0]?.stderr).toContain("top junk");
      expect(result.tests?.[0]?.stderr).toMatch(/^junk 0$/m);
      expect(result.tests?.[2]?.stdout).toBe("6\n");
    });

    it.concurrent(`${language}: long round trip, beyond 32 bits`, { timeout }, async () => {
      const values: unknown[] = [3_000_000_000, -9007199254740991, 9007199254740991, 0];
      if (exactLongs) values.push(-(2n ** 63n) + 1n, 2n ** 63n - 1n);
      await roundTrip(language, "long", values);
    });

    it.concurrent(`${language}: float round trip and tolerance`, { timeout }, async () => {
      const signature = sig(["float[]"], "float");
      const sum: Record<Language, string> = {
        python: "def solution(p0):\n    return sum(p0)",
        javascript: "function solution(p0) { return p0.reduce((a, b) => a + b, 0); }",
        typescript: "function solution(p0: number[]): number { return p0.reduce((a, b) => a + b, 0); }",
        java: "class Solution { public double solution(double[] p0) { double s = 0; for (double x : p0) s += x; return s; } }",
        cpp: "#include <vector>\ndouble solution(std::vector<double> p0) { double s = 0; for (double x : p0) s += x; return s; }",
      };
      const result = await judge(language, signature, sum[language], [
        { id: "tolerated", args: [[0.1, 0.2]], expected: 0.3 },
        { id: "integral", args: [[1, 2]], expected: 3 },
        { id: "tiny", args: [[1e-300, -2.5e-301]], expected: 7.5e-301 },
        { id: "large", args: [[1e20, 1e20]], expected: 2e20 },
        { id: "off", args: [[1, 1e-3]], expected: 1 },
      ]);
      expect(verdicts(result), show(result)).toEqual({
        tolerated: "accepted",
        integral: "accepted",
        tiny: "accepted",
        large: "accepted",
        off: "wrong_answer",
      });
      await roundTrip(language, "float[]", [[0.5, -1.25, 1e-7, 123456.789, 0], []]);
    });

    it.concurrent(`${language}: bool round trip`, { timeout }, async () => {
      await roundTrip(language, "bool", [true, false]);
      await roundTrip(language, "bool[]", [[true, false, true], []]);
    });

    it.concurrent(`${language}: string round trip agrees with the canonical form`, { timeout }, async () => {
      await roundTrip(language, "string", tricky);
      const result = await judge(
        language,
        sig(["string"], "string"),
        cases[language].append,
        tricky.map((s, i) => ({ id: `s${i}`, args: [s], expected: s + suffix })),
      );
      expect(result.status, show(result)).toBe("accepted");
      result.tests?.forEach((test, i) => {
        expect(test.stdout).toBe(`${canonicalJson((tricky[i] ?? "") + suffix)}\n`);
      });
    });

    it.concurrent(`${language}: int[][] and string[] round trips`, { timeout }, async () => {
      await roundTrip(language, "int[][]", [[[1, -2], [], [2147483647, -2147483648]], [], [[], []], [[0]]]);
      await roundTrip(language, "string[]", [tricky, [], [""]]);
    });

    it.concurrent(`${language}: exception, endless loop and a 100000-element argument`, {
      timeout,
    }, async () => {
      const big = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? i : -i) * 20_000);
      const total = big.reduce((a, b) => a + b, 0);
      const result = await judge(language, sig(["int[]"], "long"), cases[language].sum, [
        { id: "big", args: [big], expected: total },
        { id: "throws", args: [[]], expected: 0 },
        { id: "loops", args: [[-1, 2]], expected: 1 },
      ]);
      expect(verdicts(result), show(result)).toEqual({
        big: "accepted",
        throws: "runtime_error",
        loops: "time_limit_exceeded",
      });
      expect(result.tests?.[0]?.timeMs).toBeLessThan(1000);
      expect(result.tests?.[1]?.stderr).toMatch(/empty|terminate/);
      // Where the interpreter reports the throwing line, it is the learner's file and line.
      const thrownAt: Partial<Record<Language, RegExp>> = {
        python: /solution\.py", line 3\b/,
        javascript: /solution\.js:2\b/,
      };
      const where = thrownAt[language];
      if (where) expect(result.tests?.[1]?.stderr).toMatch(where);
    });

    it.concurrent(`${language}: code that does not build is an error pointing at the learner's line`, {
      timeout,
    }, async () => {
      const result = await judge(language, sig(["int"], "int"), cases[language].broken, [
        { id: "1", args: [1], expected: 1 },
      ]);
      const compiled = language === "typescript" || language === "java" || language === "cpp";
      expect(result.status, show(result)).toBe(compiled ? "compilation_error" : "runtime_error");
      const output = compiled
        ? `${result.compile?.stdout}${result.compile?.stderr}`
        : (result.tests?.[0]?.stderr ?? "");
      const file = {
        python: "solution.py",
        javascript: "solution.js",
        typescript: "solution.ts",
        java: "Solution.java",
        cpp: "main.cpp",
      }[language];
      expect(output).toMatch(
        new RegExp(`${file.replace(".", "\\.")}[:(", line ]+${cases[language].brokenLine}\\b`),
      );
    });
  }
});
