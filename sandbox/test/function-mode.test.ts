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
import { type FunctionCase, functionCases } from "./function-cases/index.js";
import { describeDocker, runtime } from "./helpers.js";

type Language = string;

const sig = (params: string[], returns: string): FunctionSignature => ({
  name: "solution",
  params: params.map((type, i) => ({ name: `p${i}`, type })),
  returns,
});

/** The language's own starter with `return <first parameter>` as its body. */
function identity(lang: FunctionCase, signature: FunctionSignature): string {
  const starter = defaultStarter(lang.id, signature);
  if (lang.identity) return lang.identity(starter);
  return lang.id === "python"
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
  async function roundTrip(lang: FunctionCase, type: string, values: unknown[]) {
    const signature = sig([type], type);
    const tests = values.map((value, i) => ({ id: `v${i}`, args: [value], expected: value }));
    const result = await judge(lang.id, signature, identity(lang, signature), tests);
    expect(result.status, show(result)).toBe("accepted");
    // Floats may print in any round-trippable form; everything else exactly as canonicalJson writes it.
    if (!type.startsWith("float")) {
      result.tests?.forEach((test, i) => {
        expect(test.stdout).toBe(`${canonicalJson(values[i])}\n`);
      });
    }
  }

  for (const lang of functionCases) {
    const language = lang.id;
    const exactLongs = language !== "javascript" && language !== "typescript";

    it.concurrent(`${language}: int round trip; stray prints anywhere do not count; a wrong answer is one`, {
      timeout,
    }, async () => {
      const result = await judge(language, sig(["int"], "int"), lang.noisy, [
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
      await roundTrip(lang, "long", values);
    });

    it.concurrent(`${language}: float round trip and tolerance`, { timeout }, async () => {
      const signature = sig(["float[]"], "float");
      const result = await judge(language, signature, lang.floatSum, [
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
      await roundTrip(lang, "float[]", [[0.5, -1.25, 1e-7, 123456.789, 0], []]);
    });

    it.concurrent(`${language}: bool round trip`, { timeout }, async () => {
      await roundTrip(lang, "bool", [true, false]);
      await roundTrip(lang, "bool[]", [[true, false, true], []]);
    });

    it.concurrent(`${language}: string round trip agrees with the canonical form`, { timeout }, async () => {
      await roundTrip(lang, "string", tricky);
      const result = await judge(
        language,
        sig(["string"], "string"),
        lang.append,
        tricky.map((s, i) => ({ id: `s${i}`, args: [s], expected: s + suffix })),
      );
      expect(result.status, show(result)).toBe("accepted");
      result.tests?.forEach((test, i) => {
        expect(test.stdout).toBe(`${canonicalJson((tricky[i] ?? "") + suffix)}\n`);
      });
    });

    it.concurrent(`${language}: int[][] and string[] round trips`, { timeout }, async () => {
      await roundTrip(lang, "int[][]", [[[1, -2], [], [2147483647, -2147483648]], [], [[], []], [[0]]]);
      await roundTrip(lang, "string[]", [tricky, [], [""]]);
    });

    it.concurrent(`${language}: exception, endless loop and a 100000-element argument`, {
      timeout,
    }, async () => {
      const big = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? i : -i) * 20_000);
      const total = big.reduce((a, b) => a + b, 0);
      const result = await judge(language, sig(["int[]"], "long"), lang.sum, [
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
      // Where the runtime reports the throwing line, it is the learner's file and line.
      const where = lang.thrownAt;
      if (where) expect(result.tests?.[1]?.stderr).toMatch(where);
    });

    it.concurrent(`${language}: code that does not build is an error pointing at the learner's line`, {
      timeout,
    }, async () => {
      const result = await judge(language, sig(["int"], "int"), lang.broken, [
        { id: "1", args: [1], expected: 1 },
      ]);
      const compiled = lang.compiled;
      expect(result.status, show(result)).toBe(compiled ? "compilation_error" : "runtime_error");
      const output = compiled
        ? `${result.compile?.stdout}${result.compile?.stderr}`
        : (result.tests?.[0]?.stderr ?? "");
      const file = lang.file;
      expect(output).toMatch(new RegExp(`${file.replace(".", "\\.")}[:(", line ]+${lang.brokenLine}\\b`));
    });
  }
});
