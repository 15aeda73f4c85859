import { LoginRequest, MfaLoginRequest, SignupRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Context } from "koa";
import type { Accounts } from "../../services/accounts/accounts.js";
import { SESSION_TTL_MS } from "../../services/accounts/accounts.js";
import type { AuditLog } from "../../services/audit/audit.js";
import type { KnownBrowsers } from "../../services/notifications/index.js";
import type { RateLimit, Throttle } from "../../services/shared/throttle.js";
import { metaOf, principalOf, SESSION_COOKIE } from "../auth.js";
import { recognizeBrowser } from "../known-browser.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Sign-ups an address may try per hour: a person needs one, a few for typos and retries. */
export const SIGNUPS_PER_ADDRESS_PER_HOUR = 5;
/** Sign-ups a client address may try per hour: generous, since a whole school behind one NAT signs up together. */
export const SIGNUPS_PER_IP_PER_HOUR = 200;

export interface AuthRouteDeps {
  accounts: Accounts;
  /** Failures per account (tight) and per client address (looser: many people share one). */
  accountThrottle: Throttle;
  ipThrottle: Throttle;
  mfaThrottle: Throttle;
  /** Sign-up attempts per hour, by address and by client address. */
  signupLimit: RateLimit;
  audit: AuditLog;
  secureCookies: boolean;
  /** The browsers each account signed in from: a new one is told to its owner. */
  browsers?: KnownBrowsers;
}

/**
 * Browsers get the session only as an HttpOnly cookie, so page scripts never hold it; other
 * clients get the token in the body to use as a bearer token. Browsers always send `Origin`
 * on a POST (and `Sec-Fetch-Site`); server-side HTTP clients send neither.
 */
/**
 * The request's cookies, marked as on an encrypted connection when the public URL is https: TLS
 * usually ends at a proxy in front (a load balancer, the fleet's edge), so the hop to the API is
 * plain http, and the cookie library would refuse a `Secure` cookie there.
 */
function cookieJar(ctx: Context, secure: boolean) {
  if (secure) ctx.cookies.secure = true;
  return ctx.cookies;
}

function deliverSession(ctx: Context, session: { token: string; expiresAt: string }, secure: boolean) {
  cookieJar(ctx, secure).set(SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure,
    sameSite: "strict",
    path: "/",
    maxAge: SESSION_TTL_MS,
    overwrite: true,
  });
  const browser = ctx.get("Origin") !== "" || ctx.get("Sec-Fetch-Site") !== "";
  return browser ? { expiresAt: session.expiresAt } : { token: session.token, expiresAt: session.expiresAt };
}

export function authRoutes({
  accounts,
  accountThrottle,
  ipThrottle,
  mfaThrottle,
  signupLimit,
  audit,
  secureCookies,
  browsers,
}: AuthRouteDeps): Router {
  const router = newRouter();

  /** A failure that tips an account or address into a block is itself an audit event. */
  const lockoutIfBlocked = async (ctx: Context, blocked: boolean[], details: Record<string, unknown>) => {
    if (!blocked.some(Boolean)) return;
    await audit.record({ action: "auth.lockout", details, ...metaOf(ctx) });
  };

  router.post("/auth/signup", async (ctx) => {
    const input = body(ctx, SignupRequest);
    await ipThrottle.check([`ip:${ctx.ip}`]);
    // Every try counts, made or refused: a flood of sign-ups, or a walk through addresses.
    await signupLimit.consume(`address:${input.email}`, SIGNUPS_PER_ADDRESS_PER_HOUR);
    await signupLimit.consume(`ip:${ctx.ip}`, SIGNUPS_PER_IP_PER_HOUR);
    // No session: the same answer for a new address and a known one (the mail says which it was).
    ctx.status = 202;
    ctx.body = await accounts.signup(input, metaOf(ctx));
  });

  router.post("/auth/login", async (ctx) => {
    const input = body(ctx, LoginRequest);
    const ip = [`ip:${ctx.ip}`];
    const account = [`email:${input.email}`];
    await ipThrottle.check(ip);
    await accountThrottle.check(account);
    let result: Awaited<ReturnType<Accounts["login"]>>;
    try {
      result = await accounts.login(input, metaOf(ctx));
    } catch (err) {
      const blocked = await Promise.all([ipThrottle.failure(ip), accountThrottle.failure(account)]);
      await lockoutIfBlocked(ctx, blocked, { step: "password", email: input.email });
      throw err;
    }
    await accountThrottle.success(account);
    if (result.mfaRequired) {
      ctx.body = { mfaRequired: true, mfaToken: result.mfaToken, expiresAt: result.expiresAt };
      return;
    }
    ctx.body = { mfaRequired: false, user: result.user, ...deliverSession(ctx, result, secureCookies) };
    // After the session cookie, which stays the first one a client reads.
    if (browsers) await recognizeBrowser(ctx, browsers, result.user.id, secureCookies);
  });

  router.post("/auth/login/mfa", async (ctx) => {
    const input = body(ctx, MfaLoginRequest);
    const keys = [`mfa:${input.mfaToken}`];
    await ipThrottle.check([`ip:${ctx.ip}`]);
    await mfaThrottle.check(keys);
    let session: Awaited<ReturnType<Accounts["loginSecondFactor"]>>;
    try {
      session = await accounts.loginSecondFactor(input, metaOf(ctx));
    } catch (err) {
      const blocked = await Promise.all([mfaThrottle.failure(keys), ipThrottle.failure([`ip:${ctx.ip}`])]);
      await lockoutIfBlocked(ctx, blocked, { step: "second_factor" });
      throw err;
    }
    await mfaThrottle.success(keys);
    ctx.body = { mfaRequired: false, user: session.user, ...deliverSession(ctx, session, secureCookies) };
    // After the session cookie, which stays the first one a client reads.
    if (browsers) await recognizeBrowser(ctx, browsers, session.user.id, secureCookies);
  });

  router.post("/auth/logout", async (ctx) => {
    await accounts.logout(principalOf(ctx), metaOf(ctx));
    cookieJar(ctx, secureCookies).set(SESSION_COOKIE, null, {
      httpOnly: true,
      secure: secureCookies,
      sameSite: "strict",
      path: "/",
    });
    ctx.status = 204;
  });

  return router;
}
