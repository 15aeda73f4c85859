import {
  createSandbox,
  createSandboxClient,
  EngineUnavailableError,
  OverloadedError,
  type Sandbox,
  SandboxError,
  type SandboxRunner,
  settingsFromEnv,
  ValidationError,
} from "@codeground/sandbox";
import type { Logger } from "pino";
import { ApiError } from "../../http/errors.js";
import { createSandboxPool } from "./sandbox-pool.js";

/**
 * The sandbox platform-api judges with: the service at `url` when set (real HTTP, service
 * token), a pool over the nodes at `urls` when set, else an in-process runner on this machine's
 * Docker engine.
 */
export async function sandboxFromConfig(
  { url, urls, token }: { url?: string; urls?: string[]; token?: string },
  logger: Logger,
): Promise<{ runner: SandboxRunner; kind: "service" | "pool" | "in-process"; close(): Promise<void> }> {
  if (urls && urls.length > 0) {
    if (!token) throw new Error("SANDBOX_URLS is set but SANDBOX_TOKEN is not: set both, or neither.");
    const pool = createSandboxPool({ urls, token, logger: logger.child({ component: "sandbox-pool" }) });
    return { runner: pool, kind: "pool", close: async () => pool.close() };
  }
  if (url) {
    if (!token) throw new Error("SANDBOX_URL is set but SANDBOX_TOKEN is not: set both, or neither.");
    return { runner: createSandboxClient({ url, token }), kind: "service", close: async () => undefined };
  }
  // The sandbox service's own settings (SANDBOX_RUNTIME, SANDBOX_POOL_SIZE, SANDBOX_WARM_LANGUAGES…)
  // apply to the in-process runner too.
  const { config } = settingsFromEnv(process.env);
  const sandbox: Sandbox = await createSandbox({ config, logger: logger.child({ component: "sandbox" }) });
  return { runner: sandbox, kind: "in-process", close: () => sandbox.close() };
}

/** For an app built without a sandbox: every run answers that none is configured. */
export const unconfiguredSandbox: SandboxRunner = {
  async run() {
    throw new EngineUnavailableError(
      "sandbox_unconfigured",
      "No sandbox is configured for this server; set SANDBOX_URL and SANDBOX_TOKEN, or run a Docker engine.",
    );
  },
  async languages() {
    return [];
  },
};

/** A sandbox failure as the API's caller should read it; never a 500 for the sandbox's sake. */
export function sandboxFailure(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof OverloadedError) {
    return new ApiError(
      429,
      "rate_limit",
      "sandbox_busy",
      "The judge is busy right now; try again shortly.",
      { retryAfter: err.retryAfter },
      { "Retry-After": String(err.retryAfter) },
    );
  }
  if (err instanceof ValidationError) {
    return new ApiError(400, "validation", err.code, err.message, err.details);
  }
  const code = err instanceof SandboxError ? err.code : "sandbox_failed";
  return new ApiError(
    503,
    "external_service",
    "sandbox_unavailable",
    "The code runner is unavailable right now; try again in a moment.",
    { reason: code },
  );
}

/** One sentence for a submission's `message` when judging could not finish. */
export function judgingFailedMessage(err: unknown, waitedMs?: number): string {
  if (err instanceof EngineUnavailableError && waitedMs) {
    const minutes = Math.max(1, Math.round(waitedMs / 60_000));
    return `Judging did not finish: no code runner answered for ${minutes} minute${minutes === 1 ? "" : "s"}. Nothing is known to be wrong with your code; retry the submission.`;
  }
  if (err instanceof EngineUnavailableError) {
    return "Judging did not finish: the code runner was unavailable. Nothing is known to be wrong with your code; retry the submission.";
  }
  if (err instanceof ValidationError) {
    return `Judging did not finish: the code runner refused the job (${err.code}). Retry later, or report this problem.`;
  }
  return "Judging did not finish because of an error on our side; retry the submission.";
}
