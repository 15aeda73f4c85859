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

/**
 * One request to a learning platform (its OpenID configuration, registration, token or service
 * endpoints), as the platform keys are fetched: through the pinned dispatcher, so the URL cannot
 * reach loopback, private or metadata addresses an operator did not allow; redirects are not
 * followed (a redirect is an error); the answer is read no further than `maxBytes`.
 */
export async function fetchFromPlatform(
  url: string,
  init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string; maxBytes?: number },
  policy: PlatformFetchPolicy,
  what: string,
): Promise<PlatformResponse> {
  const pinned = await pinnedDispatcher(url, {
    allowPrivateOrigins: policy.allowPrivateOrigins,
    ...(policy.lookup ? { lookup: policy.lookup } : {}),
  });
  if (!pinned.ok) {
    throw new PlatformFetchError(
      "not_allowed",
      `${what} (${safeUrl(url)}) does not reach an allowed address: it must be https:// and public.`,
    );
  }
  let response: Awaited<ReturnType<typeof undiciFetch>>;
  try {
    response = await undiciFetch(url, {
      method: init.method ?? "GET",
      dispatcher: pinned.dispatcher,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { "User-Agent": "Codeground-LTI/1", ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  } catch {
    throw new PlatformFetchError("unreachable", `${what} (${safeUrl(url)}) could not be reached.`);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new PlatformFetchError(
      "redirected",
      `${what} (${safeUrl(url)}) answered with a redirect (${response.status}); give its final address.`,
      response.status,
    );
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
