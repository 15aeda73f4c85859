import { EngineUnavailableError, OverloadedError, SandboxError, ValidationError } from "./errors.js";
import type { SandboxRunner } from "./runner/sandbox.js";
import { ErrorBody, LanguageInfo, type RunRequest, RunResponse } from "./schemas.js";

export interface SandboxClientOptions {
  /** Base URL of the sandbox service, e.g. http://127.0.0.1:7070 */
  url: string;
  token: string;
  /** Per-request timeout; runs with many tests take a while. */
  timeoutMs?: number;
}

/**
 * The sandbox service over HTTP, with the same interface as the in-process sandbox.
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
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (response.ok) return json;
    const parsed = ErrorBody.safeParse(json);
    if (!parsed.success) {
      throw new SandboxError(
        502,
        "external_service",
        "sandbox_bad_response",
        `The sandbox answered ${response.status}.`,
      );
    }
    const { type, code, message, details } = parsed.data.error;
    if (response.status === 429) {
      throw new OverloadedError(Number(response.headers.get("Retry-After")) || 1, message);
    }
    if (response.status === 400) throw new ValidationError(code, message, details);
    if (response.status === 503) throw new EngineUnavailableError(code, message, details);
    throw new SandboxError(response.status, type, code, message, details);
  }

  return {
    async run(request: RunRequest) {
      return RunResponse.parse(await call("POST", "/v1/runs", request));
    },
    async languages() {
      return LanguageInfo.array().parse(await call("GET", "/v1/languages"));
    },
  };
}
