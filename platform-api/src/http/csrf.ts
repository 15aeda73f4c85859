import type { Middleware } from "koa";
import { fail } from "./errors.js";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie sessions by origin verification: a write that rides on the session
 * cookie must say it comes from our own origin (`Origin`, or `Sec-Fetch-Site: same-origin`).
 * Bearer requests carry their credential explicitly and are exempt.
 */
export function verifyOrigin(publicUrl: string): Middleware {
  const ours = new URL(publicUrl).origin;
  return async (ctx, next) => {
    if (ctx.state.credential === "cookie" && !SAFE.has(ctx.method)) {
      const origin = ctx.get("Origin");
      const sameSite = ctx.get("Sec-Fetch-Site") === "same-origin";
      if (origin ? origin !== ours : !sameSite) {
        throw fail.authorization("cross_site_request", "This request did not come from the Codeground site.");
      }
    }
    await next();
  };
}
