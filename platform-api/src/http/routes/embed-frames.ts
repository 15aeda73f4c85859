import { randomBytes } from "node:crypto";
import { type EmbedFeature, Slug } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Context } from "koa";
import { configOf, type Embeds } from "../../services/embeds/embeds.js";
import { newRouter } from "../router.js";

const ELEMENTS: Record<string, EmbedFeature> = { problem: "problem", chat: "chat", keys: "keys" };

/**
 * A strict, nonce-based policy: only scripts carrying this response's nonce (and what they load)
 * run; the page may be framed only by the embed's allowed origins.
 */
export function framePolicy(nonce: string, ancestors: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.length ? ancestors.join(" ") : "'none'"}`,
  ].join("; ");
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function notFound(ctx: Context, message: string) {
  ctx.status = 404;
  ctx.type = "text/html; charset=utf-8";
  ctx.set("Cache-Control", "no-store");
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><p>${escapeHtml(message)}</p></body></html>`;
}

/**
 * The pages the widget frames (`/embed/:publishableKey/:element`): a shell the frame bundle
 * fills, framable only by that embed's allowed origins.
 */
export function embedFrameRoutes({ embeds }: { embeds: Embeds }): Router {
  const router = newRouter();

  router.get("/embed/:publishableKey/:element", async (ctx) => {
    const element = ctx.params.element ?? "";
    const feature = Object.hasOwn(ELEMENTS, element) ? ELEMENTS[element] : undefined;
    const embed = await embeds.byPublishableKey(ctx.params.publishableKey ?? "");
    if (!feature || !embed) return notFound(ctx, "No such embed or element.");
    const config = configOf(embed);
    if (!config.features.includes(feature)) return notFound(ctx, `This embed does not offer "${element}".`);
    const problemParam = typeof ctx.query.problem === "string" ? ctx.query.problem : undefined;
    if (problemParam !== undefined) {
      const slug = Slug.safeParse(problemParam);
      if (!slug.success || (config.problems && !config.problems.includes(slug.data))) {
        return notFound(ctx, "This embed does not offer that problem.");
      }
    }

    const nonce = randomBytes(16).toString("base64");
    ctx.set("Content-Security-Policy", framePolicy(nonce, config.allowedOrigins));
    // frame-ancestors decides who may frame this page; X-Frame-Options cannot name other origins.
    ctx.remove("X-Frame-Options");
    ctx.set("Referrer-Policy", "no-referrer");
    ctx.set("Cross-Origin-Resource-Policy", "cross-origin");
    ctx.set("Cache-Control", "no-store");
    ctx.type = "text/html; charset=utf-8";
    const data = [
      `data-embed="${escapeHtml(config.publishableKey)}"`,
      `data-element="${escapeHtml(element)}"`,
      ...(problemParam ? [`data-problem="${escapeHtml(problemParam)}"`] : []),
    ].join(" ");
    ctx.body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Codeground</title>
</head>
<body>
<div id="app" ${data}></div>
<script type="module" nonce="${nonce}" src="/widget/frame.js"></script>
</body>
</html>
`;
  });

  return router;
}
