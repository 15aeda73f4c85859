import type { Response } from "undici";
import { retryAfterMs } from "../tutor/llm/backoff.js";
import type { ProviderUrlPolicy } from "../vault/provider-url.js";
import { PLATFORM_TIMEOUT_S, PlatformSendError, sendToPlatform } from "./platform-fetch.js";

/** Most of a platform's answer that is read: a token response or an error is far smaller. */
export const PLATFORM_RESPONSE_MAX_BYTES = 64 * 1024;
/** The longest wait a platform's `Retry-After` may ask for before we try again anyway. */
const RETRY_AFTER_CAP_MS = 3600_000;

/**
 * Why a call to the platform's services (token endpoint, line items) did not succeed, in words
 * the course's staff can act on; never a credential. `permanent`: trying again cannot help.
 */
export class PlatformCallError extends Error {
  constructor(
    message: string,
    readonly detail: { status?: number; retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = "PlatformCallError";
  }
}

export interface PlatformAnswer {
  status: number;
  text: string;
  retryAfterMs: number | undefined;
}

/**
 * One request to a platform's service URL, connected through the pinned dispatcher (no loopback,
 * private or metadata address an operator did not allow, no DNS rebinding), never following a
 * redirect, reading at most 64 KB of the answer. `what` names the endpoint in errors.
 */
export async function platformRequest(
  url: string,
  init: { method: "GET" | "POST"; headers: Record<string, string>; body?: string },
  { policy, what, now }: { policy: ProviderUrlPolicy; what: string; now: number },
): Promise<PlatformAnswer> {
  let response: Response;
  try {
    response = await sendToPlatform(url, init, policy);
  } catch (err) {
    if (!(err instanceof PlatformSendError)) throw err;
    const failure = err.failure;
    switch (failure.kind) {
      case "unresolvable":
        throw new PlatformCallError(`could not connect (the ${what}'s host could not be found)`);
      case "not_allowed":
        throw new PlatformCallError(
          `the ${what} does not reach an allowed public address, so it is not called`,
          { permanent: true },
        );
      case "timeout":
        throw new PlatformCallError(`the ${what} gave no answer within ${PLATFORM_TIMEOUT_S} s`);
      case "unreachable":
        throw new PlatformCallError(`could not connect to the ${what} (${failure.code})`);
      case "redirected":
        throw new PlatformCallError(
          `the ${what} answered ${failure.status}, a redirect, which is not followed; the platform must give its final address`,
          { status: failure.status, permanent: true },
        );
    }
  }
  const status = response.status;
  const wait = retryAfterMs(response.headers as unknown as Headers, now);
  return {
    status,
    text: await readCapped(response.body),
    retryAfterMs: wait === undefined ? undefined : Math.min(wait, RETRY_AFTER_CAP_MS),
  };
}

/** The body as text up to the cap; the rest is left unread. */
async function readCapped(body: Response["body"]): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = PLATFORM_RESPONSE_MAX_BYTES - size;
      const bytes = value as Uint8Array;
      chunks.push(bytes.byteLength > room ? bytes.subarray(0, room) : bytes);
      size += Math.min(bytes.byteLength, room);
      if (size >= PLATFORM_RESPONSE_MAX_BYTES) break;
    }
  } catch {
    // A body cut short changes nothing: the status is the answer, and JSON parsing will say.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString("utf8");
}
