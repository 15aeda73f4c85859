import { ChangeEmailRequest, VerifyEmailRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { EmailVerification } from "../../services/accounts/email-verification.js";
import type { RateLimit, Throttle } from "../../services/shared/throttle.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Verification links an account may ask for per hour: enough for a lost mail or two, too few to flood an inbox. */
export const VERIFICATION_MAILS_PER_HOUR = 5;

export interface EmailVerificationRouteDeps {
  verification: EmailVerification;
  /** Per account, by the hour: "send again" and address changes (each sends a mail). */
  mailLimit: RateLimit;
  /** The login's per-account brake, for the password typed again. */
  passwordThrottle: Throttle;
}

/** Following a mailed link, asking for a new one, and changing the account's address. */
export function emailVerificationRoutes({
  verification,
  mailLimit,
  passwordThrottle,
}: EmailVerificationRouteDeps): Router {
  const router = newRouter();

  // No session needed: the link may be opened in another browser than the one that signed up.
  router.post("/auth/email/verify", async (ctx) => {
    const { token } = body(ctx, VerifyEmailRequest);
    ctx.body = await verification.verify(token, metaOf(ctx));
  });

  router.post("/me/email/verification", async (ctx) => {
    const principal = principalOf(ctx, "write");
    await mailLimit.consume(`user:${principal.user.id}`, VERIFICATION_MAILS_PER_HOUR);
    await verification.resend(principal, metaOf(ctx));
    ctx.status = 202;
    ctx.body = { status: "verification_sent" };
  });

  router.post("/me/email", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const input = body(ctx, ChangeEmailRequest);
    // Wrong passwords here count against the account like failed logins.
    const keys = [`email:${principal.user.email}`];
    await passwordThrottle.check(keys);
    await mailLimit.consume(`user:${principal.user.id}`, VERIFICATION_MAILS_PER_HOUR);
    try {
      await verification.requestChange(principal, input, metaOf(ctx));
    } catch (err) {
      if ((err as { status?: number }).status === 401) await passwordThrottle.failure(keys);
      throw err;
    }
    ctx.status = 202;
    ctx.body = { status: "verification_sent" };
  });

  return router;
}
