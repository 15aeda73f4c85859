import type { SandboxRunner } from "@codeground/sandbox";
import type { ExecutionRequest, ExecutionResult, RunResult, SubmitRequest } from "@codeground/sdk";
import type { Logger } from "pino";
import { fail } from "../../http/errors.js";
import { assertMayRunCode, type CodeActor, type ExecutionLimit } from "./execution-limit.js";
import { judgementOf, outcomeView, runRequestFor } from "./judging.js";
import { sandboxFailure } from "./sandbox.js";
import type { JudgingSource } from "./submissions.js";

/** Synchronous runs: a problem's sample tests (`/problems/:slug/run`), or a free-form program (`/executions`). */
export function createExecutions({
  sandbox,
  problems,
  limit,
  logger,
}: {
  sandbox: SandboxRunner;
  problems: JudgingSource;
  limit: ExecutionLimit;
  logger: Logger;
}) {
  const log = logger.child({ component: "executions" });

  async function run<T>(what: () => Promise<T>): Promise<T> {
    try {
      return await what();
    } catch (err) {
      const failure = sandboxFailure(err);
      if (failure.status >= 500) log.warn({ err }, "sandbox unavailable for a run");
      throw failure;
    }
  }

  return {
    /** Judges the code against the problem's sample tests only, and shows everything about them. */
    async runSamples(actor: CodeActor, slug: string, body: SubmitRequest): Promise<RunResult> {
      assertMayRunCode(actor);
      const { problem, tests } = await problems.forJudging(slug, actor);
      if (!problem.languages.includes(body.language)) {
        throw fail.validation(
          "language_not_allowed",
          `This problem accepts ${problem.languages.join(", ")}; not ${body.language}.`,
          [{ path: "language", message: `use one of ${problem.languages.join(", ")}` }],
        );
      }
      const samples = tests.filter((t) => t.sample);
      await limit.charge(actor, "runs");
      const request = runRequestFor(problem, samples, body.language, body.code);
      const response = await run(() => sandbox.run(request));
      const judgement = judgementOf(problem, samples, response);
      return {
        verdict: judgement.verdict,
        message: judgement.message,
        passed: judgement.passed,
        total: judgement.total,
        timeMs: judgement.timeMs,
        memoryKb: judgement.memoryKb,
        tests: judgement.outcomes.map(outcomeView),
      };
    },

    /** Runs a program once with optional stdin: a scratchpad, no problem involved. */
    async execute(actor: CodeActor, body: ExecutionRequest): Promise<ExecutionResult> {
      assertMayRunCode(actor);
      await limit.charge(actor, "runs");
      const response = await run(() =>
        sandbox.run({
          language: body.language,
          code: body.code,
          ...(body.stdin !== undefined ? { stdin: body.stdin } : {}),
        }),
      );
      return {
        status: response.status,
        message: response.message ?? null,
        ...(response.compile ? { compile: response.compile } : {}),
        ...(response.run ? { run: response.run } : {}),
      };
    },
  };
}

export type Executions = ReturnType<typeof createExecutions>;
