import { createHash, timingSafeEqual } from "node:crypto";
import type { Middleware } from "koa";
import { SandboxError } from "../errors.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Requires `Authorization: Bearer <service token>`. Both sides are hashed first so the
 * comparison takes the same time whatever the length or content of the guess.
 */
export function requireServiceToken(token: string): Middleware {
  const expected = digest(token);
  return async (ctx, next) => {
    const header = ctx.get("Authorization");
    const match = /^Bearer ([^\s]+)$/.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      ctx.set("WWW-Authenticate", 'Bearer realm="codeground-sandbox"');
      throw new SandboxError(
        401,
        "authentication",
        header ? "invalid_token" : "missing_token",
        header
          ? "The service token is not valid."
          : "Send the service token as `Authorization: Bearer <token>`.",
      );
    }
    await next();
  };
}
