import { ApiError } from "../../../http/errors.js";

/** Errors of the tutor's provider calls, written for the learner or key owner who reads them. */
export const llmErrors = {
  noKeyChosen: () =>
    new ApiError(
      409,
      "external_service",
      "no_key_chosen",
      "The AI tutor needs an AI-provider key: add one in your keys and choose it for the tutor.",
    ),
  keyExpired: () =>
    new ApiError(
      409,
      "external_service",
      "key_expired",
      "Every AI-provider key you could use for the tutor has expired: add a new key or extend one.",
    ),
  keyInvalid: (names: string[]) =>
    new ApiError(
      409,
      "external_service",
      "key_invalid",
      `The AI provider refused ${names.length === 1 ? `the key "${names[0]}"` : `the keys ${names.map((n) => `"${n}"`).join(", ")}`}: replace the secret in your keys, or choose another key for the tutor.`,
    ),
  keyUnusable: (message: string) => new ApiError(409, "external_service", "key_unusable", message),
  baseUrlNotAllowed: (message: string) =>
    new ApiError(409, "external_service", "base_url_not_allowed", message),
  budgetExceeded: (what: "key" | "embed") =>
    new ApiError(
      429,
      "external_service",
      "budget_exceeded",
      what === "embed"
        ? "This site's AI tutor has used its token budget for the month; it is back next month, or when the site raises the budget."
        : "Your AI-provider keys have used their monthly token budget: raise the budget of a key, or add another key.",
    ),
  providerUnavailable: (label: string) =>
    new ApiError(
      503,
      "external_service",
      "provider_unavailable",
      `${label} is not answering right now (rate limits, errors or timeouts); try again in a minute.`,
    ),
  streamInterrupted: (label: string, timedOut: boolean) =>
    new ApiError(
      502,
      "external_service",
      timedOut ? "provider_timeout" : "provider_stream_failed",
      timedOut
        ? `${label} stopped answering in the middle of a reply; ask again.`
        : `${label} broke off its reply; ask again.`,
    ),
  aborted: () => new ApiError(499, "external_service", "request_aborted", "The request was cancelled."),
};

/** Errors that speak of the payer's own keys (their names, settings, budget): for the key owner's eyes. */
const OWNER_KEY_ERRORS = new Set([
  "no_key_chosen",
  "key_expired",
  "key_invalid",
  "key_unusable",
  "base_url_not_allowed",
  "budget_exceeded",
]);

/**
 * What a learner on a sponsoring embed reads instead of an error about the owner's keys: the same
 * status and code, none of the owner's key names or settings. An embed's own budget message
 * already speaks to the learner and stays.
 */
export function forSponsoredLearner(err: unknown): unknown {
  if (!(err instanceof ApiError) || !OWNER_KEY_ERRORS.has(err.code)) return err;
  if (err.code === "budget_exceeded" && err.message === llmErrors.budgetExceeded("embed").message) return err;
  return new ApiError(
    err.status,
    err.type,
    err.code,
    "This site's AI tutor cannot answer right now: the AI key the site provides needs its owner's attention. Try again later.",
  );
}
