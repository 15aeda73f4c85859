import { fetch as undiciFetch } from "undici";
import { pinnedDispatcher } from "../shared/pinned-dispatcher.js";
import type { PrivateOrigins } from "../vault/private-origins.js";
import type { LookupAll } from "../vault/provider-url.js";

const TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

/** Why a call to the platform failed, in words for the person who asked; never a token or a key. */
export class PlatformFetchError extends Error {
  constructor(
    /** `not_allowed`: a private or unresolvable address; `unreachable`; `redirected`; `too_large`; `status`. */
    readonly kind: "not_allowed" | "unreachable" | "redirected" | "too_large" | "status",
    message: string,
    /** The platform's HTTP status, for `status` and `redirected`. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "PlatformFetchError";
  }
}

export interface PlatformFetchPolicy {
  allowPrivateOrigins: PrivateOrigins;
  lookup?: LookupAll;
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Why a request never got an answer to read: the address, the connection, or a redirect. */
export type PlatformSendFailure =
  | { kind: "not_allowed" }
  | { kind: "unresolvable" }
  | { kind: "timeout" }
  | { kind: "unreachable"; code: string }
  | { kind: "redirected"; status: number };

export class PlatformSendError extends Error {
  constructor(readonly failure: PlatformSendFailure) {
    super(failure.kind);
    this.name = "PlatformSendError";
  }
}

/**
 * The one way a request reaches a learning platform (its OpenID configuration, registration,
 * token or service endpoints), as the platform keys are fetched: through the pinned dispatcher, so
 * the URL cannot reach loopback, private or metadata addresses an operator did not allow, nor a
 * rebound address; redirects are never followed (a redirect is a `PlatformSendError`). The body is
 * left for the caller to read, each with its own cap.
 */
export async function sendToPlatform(
  url: string,
  init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string; timeoutMs?: number },
  policy: PlatformFetchPolicy,
): Promise<Awaited<ReturnType<typeof undiciFetch>>> {
  const pinned = await pinnedDispatcher(url, {
    allowPrivateOrigins: policy.allowPrivateOrigins,
    ...(policy.lookup ? { lookup: policy.lookup } : {}),
  });
  if (!pinned.ok) {
    throw new PlatformSendError({ kind: pinned.reason === "unresolvable" ? "unresolvable" : "not_allowed" });
  }
  let response: Awaited<ReturnType<typeof undiciFetch>>;
  try {
    response = await undiciFetch(url, {
      method: init.method ?? "GET",
      dispatcher: pinned.dispatcher,
      // Never followed: a redirect could lead anywhere, past the address check included.
      redirect: "manual",
      signal: AbortSignal.timeout(init.timeoutMs ?? TIMEOUT_MS),
      headers: { "User-Agent": "Codeground-LTI/1", ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    throw new PlatformSendError(
      e.name === "TimeoutError"
        ? { kind: "timeout" }
        : { kind: "unreachable", code: e.cause?.code ?? e.name ?? "network error" },
    );
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new PlatformSendError({ kind: "redirected", status: response.status });
  }
  return response;
}

/** Seconds a platform has to answer. */
export const PLATFORM_TIMEOUT_S = TIMEOUT_MS / 1000;

/**
 * One request to a learning platform whose whole answer is needed (a configuration, a roster
 * page): `sendToPlatform`, then the body read no further than `maxBytes` (more is an error).
 */
export async function fetchFromPlatform(
  url: string,
  init: {
    method?: "GET" | "POST";
    headers?: Record<string, string>;
    body?: string;
    maxBytes?: number;
    timeoutMs?: number;
  },
  policy: PlatformFetchPolicy,
  what: string,
): Promise<PlatformResponse> {
  let response: Awaited<ReturnType<typeof undiciFetch>>;
  try {
    response = await sendToPlatform(url, init, policy);
  } catch (err) {
    if (!(err instanceof PlatformSendError)) throw err;
    const failure = err.failure;
    if (failure.kind === "not_allowed" || failure.kind === "unresolvable") {
      throw new PlatformFetchError(
        "not_allowed",
        `${what} (${safeUrl(url)}) does not reach an allowed address: it must be https:// and public.`,
      );
    }
    if (failure.kind === "redirected") {
      throw new PlatformFetchError(
        "redirected",
        `${what} (${safeUrl(url)}) answered with a redirect (${failure.status}); give its final address.`,
        failure.status,
      );
    }
    throw new PlatformFetchError("unreachable", `${what} (${safeUrl(url)}) could not be reached.`);
  }
  const text = await readCapped(response, init.maxBytes ?? DEFAULT_MAX_BYTES, what);
  return { status: response.status, headers: response.headers, text };
}

/** JSON of a platform's answer, or an error naming what was expected. */
export function platformJson(res: PlatformResponse, what: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw new PlatformFetchError("status", `${what} answered with something that is not JSON.`, res.status);
  }
}

/** The URL without its query (which may carry a token) for messages and audit entries. */
export function safeUrl(url: string): string {
  if (!URL.canParse(url)) return "an invalid URL";
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

async function readCapped(
  response: Awaited<ReturnType<typeof undiciFetch>>,
  maxBytes: number,
  what: string,
): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PlatformFetchError("too_large", `${what} answered with more than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
