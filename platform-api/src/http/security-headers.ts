import type { Middleware } from "koa";
import helmet from "koa-helmet";

/**
 * Strict defaults for an API: nothing may be framed, embedded or loaded from our JSON; HSTS;
 * no MIME sniffing; no referrer. Pages (the portal, embed frames) set their own nonce-based CSP.
 */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { "default-src": ["'none'"], "frame-ancestors": ["'none'"], "base-uri": ["'none'"] },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginResourcePolicy: { policy: "same-origin" },
  }) as unknown as Middleware;
}
