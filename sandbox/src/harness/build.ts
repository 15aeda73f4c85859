import { FunctionSignature } from "@codeground/sdk";
import { ValidationError } from "../errors.js";
import type { Limits, RunRequest } from "../schemas.js";
import { canonicalJson, jsonLine } from "./canonical.js";
import { type FunctionHarness, harnesses } from "./languages.js";
import { containsFloat, hasUnsafeLong, valueFits } from "./values.js";

/** One call of the learner's function: its arguments and, when judged, the expected result. */
export interface FunctionTest {
  id: string;
  args: unknown[];
  expected?: unknown;
}

export interface FunctionRunOptions {
  /** python | javascript | typescript | java | cpp */
  language: string;
  signature: FunctionSignature;
  /** The learner's code, as written. */
  code: string;
  tests: FunctionTest[];
  /** For results containing `float`: absolute or relative tolerance; 1e-6 by default. */
  tolerance?: number;
  limits?: Limits;
}

export const DEFAULT_TOLERANCE = 1e-6;

export function supportsFunctionMode(language: string): boolean {
  return Object.hasOwn(harnesses, language);
}

function harnessFor(language: string): FunctionHarness {
  const harness = supportsFunctionMode(language) ? harnesses[language] : undefined;
  if (!harness) {
    throw new ValidationError(
      "unsupported_language",
      `Function mode is not available for "${language}". Languages with function mode: ${Object.keys(harnesses).join(", ")}.`,
    );
  }
  return harness;
}

function parseSignature(signature: FunctionSignature): FunctionSignature {
  const parsed = FunctionSignature.safeParse(signature);
  if (!parsed.success)
    throw new ValidationError(
      "invalid_signature",
      "The function signature is not valid.",
      parsed.error.issues,
    );
  return parsed.data;
}

function checkTest(test: FunctionTest, signature: FunctionSignature, harness: FunctionHarness): void {
  const fail = (message: string) => {
    throw new ValidationError("value_does_not_fit", `Test "${test.id}": ${message}.`, { test: test.id });
  };
  if (!Array.isArray(test.args) || test.args.length !== signature.params.length)
    fail(
      `expected ${signature.params.length} argument(s), got ${Array.isArray(test.args) ? test.args.length : "none"}`,
    );
  signature.params.forEach((param, i) => {
    const problem = valueFits(param.type, test.args[i]);
    if (problem !== null) fail(`argument ${param.name}: ${problem}`);
    if (!harness.exactLongs && hasUnsafeLong(test.args[i]))
      fail(`argument ${param.name}: a long beyond 2^53 cannot reach a JavaScript function exactly`);
  });
  if (test.expected !== undefined) {
    const problem = valueFits(signature.returns, test.expected);
    if (problem !== null) fail(`expected result: ${problem}`);
    if (!harness.exactLongs && hasUnsafeLong(test.expected))
      fail("expected result: a long beyond 2^53 cannot come exactly from a JavaScript function");
  }
}

/**
 * Turns a function-mode job into an ordinary sandbox run: the learner's code wrapped in the
 * language's harness, one test per call with the arguments as a JSON line on stdin and the
 * expected result in canonical spaced JSON, judged token by token (with a tolerance when the
 * result holds floats).
 */
export function buildFunctionRun(options: FunctionRunOptions): RunRequest {
  const harness = harnessFor(options.language);
  const signature = parseSignature(options.signature);
  for (const test of options.tests) checkTest(test, signature, harness);
  return {
    language: options.language,
    files: harness.files(signature, options.code),
    tests: options.tests.map((test) => ({
      id: test.id,
      stdin: `${jsonLine(test.args)}\n`,
      ...(test.expected !== undefined ? { expected: `${canonicalJson(test.expected)}\n` } : {}),
    })),
    compare: containsFloat(signature.returns) ? { float: options.tolerance ?? DEFAULT_TOLERANCE } : "tokens",
    ...(options.limits ? { limits: options.limits } : {}),
  };
}

/** A starter for the learner in that language: the right signature and an empty body. */
export function defaultStarter(language: string, signature: FunctionSignature): string {
  return harnessFor(language).starter(parseSignature(signature));
}
