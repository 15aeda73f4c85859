import { DeleteAccountRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Context } from "koa";
import type { AccountDeletion, AccountExport, LearnerErasure } from "../../services/account-data/index.js";
import type { Throttle } from "../../services/shared/throttle.js";
import { metaOf, principalOf, SESSION_COOKIE } from "../auth.js";
import { ApiError } from "../errors.js";
import { newRouter } from "../router.js";
import { parse } from "../validate.js";

const MAX_BODY_BYTES = 16 * 1024;

/**
 * The app's body parser reads POST, PUT and PATCH bodies only; `DELETE /me` carries the password,
 * so its small JSON body is read here, under the same rules (JSON only, well-formed, bounded).
 */
async function deleteBodyOf(ctx: Context): Promise<unknown> {
  if (ctx.request.body !== undefined) return ctx.request.body;
  if (!ctx.request.length && !ctx.get("Transfer-Encoding")) return {};
  if (!ctx.is("application/json")) {
    throw new ApiError(
      415,
      "validation",
      "unsupported_media_type",
      "Send the request body as application/json.",
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, "validation", "body_too_large", "The request body is too large.");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ApiError(400, "validation", "malformed_json", "The request body is not valid JSON.");
  }
}

/** The account's data: its export and its deletion; a course's staff erasing one learner's data. */
export function accountDataRoutes({
  exports,
  deletion,
  erasure,
  passwordThrottle,
  secureCookies,
}: {
  exports: AccountExport;
  deletion: AccountDeletion;
  erasure: LearnerErasure;
  /** The login's per-account brake: a wrong password here counts like a failed sign-in. */
  passwordThrottle: Throttle;
  secureCookies: boolean;
}): Router {
  const router = newRouter();

  router.get("/me/export", async (ctx) => {
    const principal = principalOf(ctx, "read");
    const document = await exports.exportOf(principal.user.id, metaOf(ctx));
    const date = String(document.exportedAt).slice(0, 10);
    ctx.set("Content-Disposition", `attachment; filename="codeground-export-${date}.json"`);
    ctx.set("Cache-Control", "no-store");
    ctx.type = "application/json";
    ctx.body = `${JSON.stringify(document, null, 2)}\n`;
  });

  router.delete("/me", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const input = parse(DeleteAccountRequest, await deleteBodyOf(ctx));
    const keys = [`email:${principal.user.email}`];
    if (principal.via === "session") await passwordThrottle.check(keys);
    try {
      await deletion.deleteAccount(principal, input, metaOf(ctx));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((err as { status?: number }).status === 401 && code === "invalid_credentials") {
        await passwordThrottle.failure(keys);
      }
      throw err;
    }
    if (secureCookies) ctx.cookies.secure = true;
    ctx.cookies.set(SESSION_COOKIE, null, {
      httpOnly: true,
      secure: secureCookies,
      sameSite: "strict",
      path: "/",
    });
    ctx.status = 204;
  });

  router.delete("/courses/:id/learners/:learnerId", async (ctx) => {
    const principal = principalOf(ctx, "write");
    await erasure.eraseLearner(principal, ctx.params.id ?? "", ctx.params.learnerId ?? "", metaOf(ctx));
    ctx.status = 204;
  });

  return router;
}
