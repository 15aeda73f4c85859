import { buildFunctionRun, type RunRequest, valueFits } from "@codeground/sandbox";
import type { ProblemDocument } from "@codeground/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BankEntry, loadBank } from "../src/bank/index.js";
import { buildSqlRun } from "../src/services/judging/sql-run.js";
import { describeDocker, startSandboxService, type TestSandboxService } from "./support/sandbox.js";

/**
 * Every bank problem proves itself: each reference solution is accepted on every test in every
 * language the problem allows, and each counterexample (too slow, overflowing, off by one) gets the
 * verdict it names. `BANK_ONLY=slug1,slug2` checks just those problems, `LANGUAGES=go,rust` just
 * those languages.
 */
const only = process.env.BANK_ONLY?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const languagesOnly = process.env.LANGUAGES?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const checked = (language: string) => !languagesOnly || languagesOnly.includes(language);
const bank = (await loadBank()).filter(
  (e) => (!only || only.includes(e.problem.slug)) && e.problem.languages.some(checked),
);
if (only) {
  const missing = only.filter((slug) => !bank.some((e) => e.problem.slug === slug));
  if (missing.length > 0) throw new Error(`BANK_ONLY names problems not in the bank: ${missing.join(", ")}`);
}

/** The run a learner's code for this problem becomes: function-mode harness, SQL query or plain stdio. */
function runFor(problem: ProblemDocument, language: string, code: string): RunRequest {
  const limits = { timeMs: problem.limits.timeMs, memoryMb: problem.limits.memoryMb };
  if (problem.judge.mode === "function") {
    return buildFunctionRun({
      language,
      signature: problem.judge.function,
      code,
      tests: problem.tests.map((t, i) => ({ id: String(i), args: t.args ?? [], expected: t.expected })),
      ...(problem.judge.tolerance !== undefined ? { tolerance: problem.judge.tolerance } : {}),
      limits,
    });
  }
  if (problem.judge.mode === "sql") {
    return buildSqlRun({
      language,
      judge: problem.judge,
      code,
      tests: problem.tests.map((t, i) => ({ id: String(i), input: t.input, expected: t.expected })),
      limits,
    });
  }
  return {
    language,
    code,
    tests: problem.tests.map((t, i) => ({
      id: String(i),
      stdin: t.input ?? "",
      expected: String(t.expected),
    })),
    compare: problem.judge.compare,
    limits,
  };
}

/** Test names instead of ids, and what went wrong, so a failure reads on its own. */
function failures(problem: ProblemDocument, tests: { id: string; verdict: string; stderr: string }[] = []) {
  return tests
    .filter((t) => t.verdict !== "accepted")
    .map((t) => {
      const test = problem.tests[Number(t.id)];
      return `${test?.name ?? `test ${t.id}`}: ${t.verdict}${t.stderr ? ` (${t.stderr.slice(0, 200)})` : ""}`;
    });
}

function checkDocument({ problem }: BankEntry) {
  for (const language of problem.languages) {
    expect(problem.starter[language], `${problem.slug}: starter code for ${language}`).toBeTruthy();
    expect(problem.solutions?.[language], `${problem.slug}: reference solution for ${language}`).toBeTruthy();
  }
  if (problem.judge.mode !== "function") return;
  const { params, returns } = problem.judge.function;
  problem.tests.forEach((test, i) => {
    const where = `${problem.slug} test ${test.name ?? i}`;
    params.forEach((param, p) => {
      expect(valueFits(param.type, test.args?.[p]), `${where}: argument ${param.name}`).toBeNull();
    });
    expect(valueFits(returns, test.expected), `${where}: expected result`).toBeNull();
  });
}

describeDocker("problem bank", () => {
  let service: TestSandboxService;
  beforeAll(async () => {
    service = await startSandboxService();
  }, 180_000);
  afterAll(async () => {
    await service?.close();
  });

  it("has problems to check", () => {
    expect(bank.length).toBeGreaterThan(0);
  });

  it.each(bank.map((entry) => [entry.problem.slug, entry] as const))(
    "%s: reference solutions accepted, counterexamples caught",
    async (_slug, entry) => {
      checkDocument(entry);
      const { problem } = entry;
      // All runs at once: the sandbox queues them at its own concurrency, and limits are CPU time.
      const languages = problem.languages.filter(checked);
      const counterexamples = entry.counterexamples.filter((c) => checked(c.language));
      const references = languages.map(async (language) => {
        const result = await service.sandbox.run(
          runFor(problem, language, problem.solutions?.[language] ?? ""),
        );
        return {
          language,
          status: result.status,
          failures: failures(problem, result.tests),
          compile: result.compile?.stderr,
        };
      });
      const counters = counterexamples.map(async (counter) => {
        const result = await service.sandbox.run(runFor(problem, counter.language, counter.code));
        return {
          language: counter.language,
          why: counter.why,
          status: result.status,
          compile: result.compile?.stderr,
        };
      });
      for (const [i, outcome] of (await Promise.all(references)).entries()) {
        const language = languages[i];
        expect(outcome, `${problem.slug} reference solution in ${language}`).toMatchObject({
          language,
          status: "accepted",
          failures: [],
        });
      }
      for (const [i, outcome] of (await Promise.all(counters)).entries()) {
        const counter = counterexamples[i];
        expect(
          outcome,
          `${problem.slug} counterexample in ${counter?.language} (${counter?.why})`,
        ).toMatchObject({
          status: counter?.verdict,
        });
      }
    },
    600_000,
  );
});
