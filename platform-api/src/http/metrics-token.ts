import { createHash, timingSafeEqual } from "node:crypto";
import type { Middleware } from "koa";
import { ApiError, fail } from "./errors.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Guards `/metrics` with the operators' `METRICS_TOKEN`: `Authorization: Bearer <token>`, compared
 * in constant time (both sides hashed first, so neither length nor content shows in the timing).
 * Without a token configured, metrics are off: 404, never open.
 */
export function requireMetricsToken(token: string | undefined): Middleware {
  const expected = token ? digest(token) : undefined;
  return async (ctx, next) => {
    if (!expected) {
      throw fail.notFound("metrics_disabled", "Metrics are off; set METRICS_TOKEN to serve them.");
    }
    const header = ctx.get("Authorization");
    const match = /^Bearer (\S+)$/.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new ApiError(
        401,
        "authentication",
        header ? "invalid_token" : "missing_token",
        header
          ? "The metrics token is not valid."
          : "Send the metrics token as `Authorization: Bearer <token>`.",
        undefined,
        { "WWW-Authenticate": 'Bearer realm="codeground-metrics"' },
      );
    }
    await next();
  };
}
