import { ForgotPasswordRequest, ResetPasswordRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { PasswordReset } from "../../services/accounts/password-reset.js";
import type { RateLimit } from "../../services/shared/throttle.js";
import { metaOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Reset links one typed address may ask for per hour: a person needs one, a few for a slow inbox. */
export const RESETS_PER_ADDRESS_PER_HOUR = 3;
/** Reset requests one client address may make per hour: a school behind one NAT, not a walk through addresses. */
export const RESETS_PER_IP_PER_HOUR = 30;

/** "Forgot password" and the reset its link leads to (`/auth/password/*`), both public. */
export function passwordRoutes({
  passwordReset,
  limit,
}: {
  passwordReset: PasswordReset;
  /** Reset requests per hour, by typed address and by client address. */
  limit: RateLimit;
}): Router {
  const router = newRouter();

  router.post("/auth/password/forgot", async (ctx) => {
    const { email } = body(ctx, ForgotPasswordRequest);
    // Keyed on what was typed, never on the account: a 429 looks the same for any address.
    await limit.consume(`ip:${ctx.ip}`, RESETS_PER_IP_PER_HOUR);
    await limit.consume(`address:${email}`, RESETS_PER_ADDRESS_PER_HOUR);
    passwordReset.requestLink(email, metaOf(ctx));
    ctx.status = 202;
    ctx.body = { status: "reset_sent" };
  });

  router.post("/auth/password/reset", async (ctx) => {
    const input = body(ctx, ResetPasswordRequest);
    await passwordReset.reset(input, metaOf(ctx));
    ctx.body = { status: "password_changed" };
  });

  return router;
}
