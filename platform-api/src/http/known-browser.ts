import type { Context } from "koa";
import {
  BROWSER_COOKIE,
  BROWSER_COOKIE_MAX_AGE_MS,
  isBrowserId,
  type KnownBrowsers,
  newBrowserId,
} from "../services/notifications/index.js";

/**
 * At a successful sign-in: which browser signed in, so the account's owner hears of one it has
 * not used before. A browser is told apart by a random cookie of its own (set here the first
 * time: HttpOnly, SameSite=Lax so it comes along from a link, 400 days); a client that sends no
 * `Origin` and keeps no cookies (an API client) by its user agent and network instead.
 */
export async function recognizeBrowser(
  ctx: Context,
  browsers: KnownBrowsers,
  userId: string,
  secure: boolean,
): Promise<void> {
  const sent = ctx.cookies.get(BROWSER_COOKIE);
  const isBrowser = ctx.get("Origin") !== "" || ctx.get("Sec-Fetch-Site") !== "";
  let browserId = isBrowserId(sent) ? sent : undefined;
  if (!browserId && isBrowser) {
    browserId = newBrowserId();
    // Behind a TLS-ending proxy the hop here is plain http; the cookie is still Secure (see auth routes).
    if (secure) ctx.cookies.secure = true;
    ctx.cookies.set(BROWSER_COOKIE, browserId, {
      httpOnly: true,
      secure,
      sameSite: "lax",
      path: "/",
      maxAge: BROWSER_COOKIE_MAX_AGE_MS,
      overwrite: true,
    });
  }
  await browsers.signedIn(userId, {
    browserId,
    userAgent: ctx.get("User-Agent") || undefined,
    ip: ctx.ip,
  });
}
