import { randomBytes } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Router from "@koa/router";
import type { Context } from "koa";
import { newRouter } from "../router.js";

/** portal/dist/portal.js, next to src/ and dist/ in this package. */
export const DEFAULT_PORTAL_BUNDLE = fileURLToPath(
  new URL("../../../portal/dist/portal.js", import.meta.url),
);

/**
 * The portal's pages: one shell, the view chosen by the path in the browser. Every address the
 * portal's navigation shows must be here, or reloading it answers the API's JSON 404
 * (`portal-pages.test.ts` checks each link).
 */
export const PORTAL_PATHS = [
  "/",
  "/problems",
  "/keys",
  "/security",
  "/embeds",
  "/audit",
  "/author",
  "/problems/:slug",
  "/connect",
  "/admin",
  "/courses",
  "/courses/:id",
  "/courses/:id/gradebook",
  "/courses/:id/assignments/:assignmentId",
  "/invitations/:token",
  "/lti",
  "/lti/connect",
  "/verify-email",
  "/forgot-password",
  "/reset-password",
] as const;

/**
 * A strict, nonce-based policy for the portal: only the script carrying this response's nonce
 * (and what it loads) runs; styles come from the bundle's constructed sheets; the page is never
 * framed; forms and fetches go to our own origin only.
 */
export function portalPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The hosted portal at `/`: sign-up and login with two-factor, the key vault, security (TOTP,
 * recovery codes, access tokens) and the problem bank, as Lit elements in one bundle.
 */
export function portalRoutes({ bundle = DEFAULT_PORTAL_BUNDLE }: { bundle?: string } = {}): Router {
  const router = newRouter();
  let cached: { body: Buffer; mtimeMs: number } | undefined;

  async function script(): Promise<Buffer | undefined> {
    const info = await stat(bundle).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    if (cached?.mtimeMs !== info.mtimeMs) cached = { body: await readFile(bundle), mtimeMs: info.mtimeMs };
    return cached.body;
  }

  const page = async (ctx: Context) => {
    const nonce = randomBytes(16).toString("base64");
    ctx.set("Content-Security-Policy", portalPolicy(nonce));
    ctx.set("X-Frame-Options", "DENY");
    ctx.set("Cache-Control", "no-store");
    // The connect windows answer the frame that opened them (the keys frame on a course page, the
    // LTI registration page in an LMS dialog), which sits inside a page on another origin: a
    // same-origin opener policy would cut that link. The grant is posted to our
    // own origin only, and the page is never framed, so the opener gains nothing else.
    if (ctx.path === "/connect" || ctx.path === "/lti/connect")
      ctx.set("Cross-Origin-Opener-Policy", "unsafe-none");
    ctx.type = "text/html; charset=utf-8";
    if (!(await script())) {
      ctx.status = 503;
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Codeground</title></head><body><main><h1>Codeground</h1><p>The portal is not built yet: run <code>npm run build</code> at the repository root. The API works meanwhile, under <code>/api/v1</code>.</p></main></body></html>`;
      return;
    }
    ctx.body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Codeground</title>
<style nonce="${nonce}">html{-webkit-text-size-adjust:100%;text-size-adjust:100%}html,body{margin:0;background:#fff}@media (prefers-color-scheme:dark){html,body{background:#0d1117}}</style>
</head>
<body>
<cg-portal></cg-portal>
<noscript>The Codeground portal needs JavaScript. The API is at /api/v1.</noscript>
<script type="module" nonce="${nonce}" src="/portal/portal.js"></script>
</body>
</html>
`;
  };
  for (const route of PORTAL_PATHS) router.get(route, page);

  router.get("/portal/portal.js", async (ctx) => {
    const body = await script();
    if (!body) {
      ctx.status = 503;
      ctx.type = "text/plain; charset=utf-8";
      ctx.body = "The portal bundle is not built: run `npm run build` at the repository root.\n";
      return;
    }
    ctx.type = "text/javascript; charset=utf-8";
    ctx.set("Cache-Control", "no-cache");
    ctx.body = body;
  });

  // The problem page's chunks (the widget's editor, tutor and languages): names carry a content
  // hash, so they are kept for good; only plain names reach the disk (no path, no dot-dot).
  const chunks = path.join(path.dirname(bundle), "chunks");
  router.get("/portal/chunks/:file", async (ctx) => {
    const file = ctx.params.file ?? "";
    const body = /^[A-Za-z0-9_-]+\.js$/.test(file)
      ? await readFile(path.join(chunks, file)).catch(() => undefined)
      : undefined;
    if (!body) {
      ctx.status = 404;
      ctx.type = "text/plain; charset=utf-8";
      ctx.body = "No such portal file.\n";
      return;
    }
    ctx.type = "text/javascript; charset=utf-8";
    ctx.set("Cache-Control", "public, max-age=31536000, immutable");
    ctx.body = body;
  });
  return router;
}
