/** The API as the portal calls it: same origin, the session in an HttpOnly cookie. */
import { shellText } from "./locales/shell/index.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details: { path: string; message: string }[] = [],
    /** What else the API said of the refusal when it is not a list of fields (the courses it names, say). */
    readonly data: unknown = undefined,
  ) {
    super(message);
  }
}

/**
 * One JSON call under `/api/v1`. The browser adds `Origin` to every write, which is what the
 * API's CSRF check wants from a cookie session; no token ever reaches page scripts. With
 * `contentType`, `body` is text sent as it is (a YAML import, say) instead of JSON.
 */
export async function api<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: "same-origin",
      headers:
        body === undefined
          ? { Accept: "application/json" }
          : { "Content-Type": contentType ?? "application/json", Accept: "application/json" },
      ...(body === undefined ? {} : { body: contentType ? String(body) : JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, "network", "network_error", (await shellText()).t("error.network"), undefined);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: Record<string, unknown> } | undefined)?.error ?? {};
    // Creating a course or an embed waits for a verified address: said the same way everywhere.
    if (error.code === "email_unverified") error.message = (await shellText()).t("error.email_unverified");
    throw new ApiError(
      response.status,
      String(error.type ?? "internal"),
      String(error.code ?? "unknown"),
      error.message != null
        ? String(error.message)
        : (await shellText()).t("error.http", { status: String(response.status) }),
      response.headers.get("X-Request-Id") ?? undefined,
      Array.isArray(error.details) ? (error.details as { path: string; message: string }[]) : [],
      Array.isArray(error.details) ? undefined : error.details,
    );
  }
  return parsed as T;
}

export type { AccessToken, ApiKey, CreatedToken, Preferences, User } from "@codeground/sdk";
/** A message for the person in front of the page, with the request id support would ask for. */
export { describeError as describe } from "@codeground/widget/api";
