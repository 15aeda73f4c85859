import { PassThrough } from "node:stream";
import type { Context } from "koa";
import { z } from "zod";
import type { Sandbox } from "../runner/sandbox.js";
import { ErrorBody, RunResponse, TestResult } from "../schemas.js";
import { toSandboxError } from "./errors.js";

/** `Accept: application/x-ndjson` on `POST /v1/runs` asks for the run as it happens. */
export const NDJSON = "application/x-ndjson";

/**
 * One line of a streamed run: a `test` line per test as it finishes, then one `result` line
 * carrying the usual response, or an `error` line when the run failed after streaming began.
 */
export const RunStreamLine = z.discriminatedUnion("type", [
  z.object({ type: z.literal("test"), test: TestResult }),
  z.object({ type: z.literal("result"), result: RunResponse }),
  z.object({ type: z.literal("error"), error: ErrorBody.shape.error }),
]);
export type RunStreamLine = z.infer<typeof RunStreamLine>;

/**
 * Answers a run as NDJSON. Errors before the first test finished (validation, overload, no engine)
 * keep their usual status and JSON body; once lines have gone out, a failure is an `error` line.
 */
export async function streamRun(ctx: Context, sandbox: Sandbox): Promise<void> {
  const stream = new PassThrough();
  const line = (value: RunStreamLine) => stream.write(`${JSON.stringify(value)}\n`);
  let markStarted: () => void = () => undefined;
  const started = new Promise<"started">((resolve) => {
    markStarted = () => resolve("started");
  });
  const run = sandbox.run(ctx.request.body as never, {
    onTest(test) {
      line({ type: "test", test });
      markStarted();
    },
  });
  // Rejects here (and so answers with the error's status) only if nothing has streamed yet.
  await Promise.race([run, started]);
  ctx.status = 200;
  ctx.type = NDJSON;
  ctx.set("Cache-Control", "no-store");
  ctx.body = stream;
  run.then(
    (result) => {
      line({ type: "result", result });
      stream.end();
    },
    (thrown: unknown) => {
      const err = toSandboxError(thrown);
      line({
        type: "error",
        error: {
          type: err.type,
          code: err.code,
          message: err.message,
          ...(err.details !== undefined ? { details: err.details } : {}),
          requestId: String(ctx.state.requestId ?? ""),
        },
      });
      stream.end();
    },
  );
}
