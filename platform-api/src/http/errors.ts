import type { ErrorBody, ErrorType } from "@codeground/sdk";
import type { Middleware } from "koa";
import type { Logger } from "pino";

/** An error for the caller; thrown anywhere, rendered in one place (`errorHandler`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const fail = {
  validation: (code: string, message: string, details?: unknown) =>
    new ApiError(400, "validation", code, message, details),
  authentication: (code: string, message: string) => new ApiError(401, "authentication", code, message),
  authorization: (code: string, message: string) => new ApiError(403, "authorization", code, message),
  notFound: (code: string, message: string) => new ApiError(404, "not_found", code, message),
  conflict: (code: string, message: string) => new ApiError(409, "conflict", code, message),
  rateLimit: (retryAfterSeconds: number, message: string) =>
    new ApiError(
      429,
      "rate_limit",
      "too_many_attempts",
      message,
      { retryAfter: retryAfterSeconds },
      {
        "Retry-After": String(retryAfterSeconds),
      },
    ),
};

/** Renders every error as `{ error: { type, code, message, details?, requestId } }`; internals stay in the log. */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw fail.notFound("route_not_found", `No route for ${ctx.method} ${ctx.path}.`);
      }
    } catch (thrown) {
      const err = toApiError(thrown);
      if (err.status >= 500) logger.error({ err: thrown, requestId: ctx.state.requestId }, "request failed");
      for (const [k, v] of Object.entries(err.headers)) ctx.set(k, v);
      const body: ErrorBody = {
        error: {
          type: err.type,
          code: err.code,
          message: err.message,
          ...(err.details !== undefined ? { details: err.details } : {}),
          requestId: String(ctx.state.requestId ?? ""),
        },
      };
      ctx.status = err.status;
      ctx.body = body;
    }
  };
}

function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  const e = thrown as { status?: number; expose?: boolean; message?: string };
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return new ApiError(
      e.status,
      "validation",
      "bad_request",
      e.expose && e.message ? e.message : "Bad request.",
    );
  }
  return new ApiError(500, "internal", "internal_error", "Something went wrong on our side; try again.");
}
