import type { KeyProvider } from "@codeground/sdk";
import { type Dispatcher, fetch as undiciFetch } from "undici";
import { ApiError } from "../../http/errors.js";

/** Where each provider lives when a key does not name its own endpoint. */
export const DEFAULT_BASE_URLS: Partial<Record<KeyProvider, string>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
  google: "https://generativelanguage.googleapis.com",
};

const LABELS: Record<KeyProvider, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google",
  "azure-openai": "Azure OpenAI",
  "openai-compatible": "the OpenAI-compatible endpoint",
};

export const VERIFY_TIMEOUT_MS = 5000;

/**
 * The cheapest authenticated call each provider offers: listing models. The key always travels in
 * a header, never in the URL, where proxies and access logs would keep it.
 */
export function verificationRequest(
  provider: KeyProvider,
  base: string,
  secret: string,
): { url: URL; headers: Record<string, string> } {
  const root = base.replace(/\/+$/, "");
  const accept = { Accept: "application/json" };
  switch (provider) {
    case "openai":
    case "openai-compatible":
      return { url: new URL(`${root}/models`), headers: { ...accept, Authorization: `Bearer ${secret}` } };
    case "azure-openai":
      return {
        url: new URL(`${root}/openai/models?api-version=2024-10-21`),
        headers: { ...accept, "api-key": secret },
      };
    case "anthropic":
      return {
        url: new URL(`${root}/v1/models`),
        headers: { ...accept, "x-api-key": secret, "anthropic-version": "2023-06-01" },
      };
    case "google":
      return { url: new URL(`${root}/v1beta/models`), headers: { ...accept, "x-goog-api-key": secret } };
  }
}

export interface ProviderVerdict {
  ok: boolean;
  /** For the user; never the provider's own answer, which may quote the key back. */
  message?: string;
}

/**
 * Asks the provider whether it accepts `secret`. A refusal is an answer (`ok: false`); a provider
 * that cannot be reached or is failing is a 502 `external_service` error. Redirects are not
 * followed: a redirect could lead anywhere, including where the base URL check would refuse.
 */
export async function verifyWithProvider(
  provider: KeyProvider,
  base: string,
  secret: string,
  options: {
    timeoutMs?: number;
    /** The connection pool to use: for a user's base URL, one pinned to the addresses just checked. */
    dispatcher?: Dispatcher;
  } = {},
): Promise<ProviderVerdict> {
  const { url, headers } = verificationRequest(provider, base, secret);
  const timeoutMs = options.timeoutMs ?? VERIFY_TIMEOUT_MS;
  const label = LABELS[provider];
  let status: number;
  try {
    const response = await undiciFetch(url, {
      method: "GET",
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = response.status;
    // The body is never read: error bodies may echo the key.
    await response.body?.cancel().catch(() => undefined);
  } catch (err) {
    const timedOut = (err as { name?: string }).name === "TimeoutError";
    throw new ApiError(
      502,
      "external_service",
      "provider_unreachable",
      `Could not reach ${label} at ${url.host}: ${
        timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} seconds` : "the connection failed"
      }. Check the base URL, or try again later.`,
    );
  }
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 401 || status === 403) return { ok: false, message: "the provider refused this key" };
  if (status >= 300 && status < 400) {
    return {
      ok: false,
      message: `the provider answered with a redirect (HTTP ${status}); check the base URL`,
    };
  }
  if (status === 404) {
    return {
      ok: false,
      message: "the provider has no models endpoint at this base URL (HTTP 404); check it",
    };
  }
  if (status === 429) {
    return { ok: false, message: "the provider is rate-limiting this key (HTTP 429); try again in a while" };
  }
  if (status >= 500) {
    throw new ApiError(
      502,
      "external_service",
      "provider_error",
      `${label} answered with an error (HTTP ${status}); try again later.`,
    );
  }
  return { ok: false, message: `the provider did not accept the request (HTTP ${status})` };
}
