import { EngineUnavailableError, OverloadedError, SandboxError, ValidationError } from "./errors.js";
import { NDJSON, RunStreamLine } from "./http/stream.js";
import type { RunOptions, SandboxRunner } from "./runner/sandbox.js";
import { ErrorBody, LanguageInfo, type RunRequest, RunResponse, type TestResult } from "./schemas.js";

/** An error line in a stream has no HTTP status of its own: the one its type would have had. */
const statusOfType: Partial<Record<string, number>> = {
  validation: 400,
  rate_limit: 429,
  external_service: 503,
};

export interface SandboxClientOptions {
  /** Base URL of the sandbox service, e.g. http://127.0.0.1:7070 */
  url: string;
  token: string;
  /** Per-request timeout; runs with many tests take a while. */
  timeoutMs?: number;
}

/**
 * The sandbox service over HTTP, with the same interface as the in-process sandbox. With
 * `onTest`, a run is streamed (NDJSON) so each test's result arrives as it finishes.
 * A run is never retried here: repeating it is the caller's decision (429 says when).
 */
export function createSandboxClient({
  url,
  token,
  timeoutMs = 120_000,
}: SandboxClientOptions): SandboxRunner {
  const base = url.replace(/\/+$/, "");

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((err: Error) => {
      throw new EngineUnavailableError(
        "sandbox_unreachable",
        `The sandbox service at ${base} did not answer: ${err.message}`,
      );
    });
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) return json;
    throw errorOf(response.status, Number(response.headers.get("Retry-After")) || 1, json);
  }

  /** A run streamed as NDJSON: each finished test goes to `onTest`, then the final response. */
  async function streamRun(request: RunRequest, onTest: (result: TestResult) => void): Promise<RunResponse> {
    const broken = (why: string) =>
      new EngineUnavailableError(
        "sandbox_stream_broken",
        `The sandbox service at ${base} stopped answering before the run finished (${why}).`,
      );
    const response = await fetch(`${base}/v1/runs`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        Accept: `${NDJSON}, application/json;q=0.5`,
      },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((err: Error) => {
      throw new EngineUnavailableError(
        "sandbox_unreachable",
        `The sandbox service at ${base} did not answer: ${err.message}`,
      );
    });
    if (!response.ok || !response.headers.get("Content-Type")?.startsWith(NDJSON)) {
      const json = parseJson(await response.text().catch(() => ""));
      if (!response.ok) {
        throw errorOf(response.status, Number(response.headers.get("Retry-After")) || 1, json);
      }
      // A service without streaming answers the whole run at once.
      const result = RunResponse.parse(json);
      for (const test of result.tests ?? []) onTest(test);
      return result;
    }
    const decoder = new TextDecoder();
    let pending = "";
    const reader = response.body?.getReader();
    if (!reader) throw broken("no body");
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw broken((err as Error).message);
      }
      if (chunk.done) throw broken("the stream ended early");
      pending += decoder.decode(chunk.value, { stream: true });
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        const text = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
        if (!text.trim()) continue;
        const line = RunStreamLine.parse(JSON.parse(text));
        if (line.type === "test") onTest(line.test);
        else if (line.type === "result") {
          await reader.cancel().catch(() => undefined);
          return line.result;
        } else {
          await reader.cancel().catch(() => undefined);
          throw errorOf(statusOfType[line.error.type] ?? 500, 1, { error: line.error });
        }
      }
    }
  }

  function parseJson(text: string): unknown {
    try {
      return text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      return undefined;
    }
  }

  function errorOf(status: number, retryAfter: number, json: unknown): SandboxError {
    const parsed = ErrorBody.safeParse(json);
    if (!parsed.success) {
      return new SandboxError(
        502,
        "external_service",
        "sandbox_bad_response",
        `The sandbox answered ${status}.`,
      );
    }
    const { type, code, message, details } = parsed.data.error;
    if (status === 429) return new OverloadedError(retryAfter, message);
    if (status === 400) return new ValidationError(code, message, details);
    if (status === 503) return new EngineUnavailableError(code, message, details);
    return new SandboxError(status, type, code, message, details);
  }

  return {
    async run(request: RunRequest, options?: RunOptions) {
      if (options?.onTest) return streamRun(request, options.onTest);
      return RunResponse.parse(await call("POST", "/v1/runs", request));
    },
    async languages() {
      return LanguageInfo.array().parse(await call("GET", "/v1/languages"));
    },
  };
}
