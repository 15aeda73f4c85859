import { createHash, timingSafeEqual } from "node:crypto";
import type { Middleware } from "koa";
import { SandboxError } from "../errors.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Requires `Authorization: Bearer <service token>`. Both sides are hashed first so the
 * comparison takes the same time whatever the length or content of the guess.
 */
export function requireServiceToken(token: string, previousToken?: string): Middleware {
  const accepted = [token, ...(previousToken ? [previousToken] : [])].map(digest);
  return async (ctx, next) => {
    const header = ctx.get("Authorization");
    const match = /^Bearer ([^\s]+)$/.exec(header);
    const given = match?.[1] ? digest(match[1]) : undefined;
    // Every accepted token is compared, so the time taken says nothing of which one matched.
    const matches = given ? accepted.map((expected) => timingSafeEqual(given, expected)) : [];
    if (!matches.includes(true)) {
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
