import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Router from "@koa/router";
import type { Context } from "koa";
import { newRouter } from "../router.js";

/** widget/dist, next to this package in the repository (the same depth from src/ and dist/). */
export const DEFAULT_WIDGET_DIST = fileURLToPath(new URL("../../../../widget/dist/", import.meta.url));

/** Only bundle files: a name, or `chunks/` and a name; letters, digits, `-`, `_`, `.`; `.js`. */
const ASSET = /^(chunks\/)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.js$/;
/** Chunk names carry a content hash, so they may be kept for good. */
const IMMUTABLE = /^chunks\//;

interface Asset {
  body: Buffer;
  etag: string;
  mtimeMs: number;
}

/**
 * The widget's browser files: `GET /widget.js` (the loader a host page includes; it finds the
 * platform origin from its own URL) and `GET /widget/*` (the frame bundle and its chunks), from
 * widget/dist. Names are checked against an allow-list before touching the disk, and the resolved
 * path must stay inside the directory. Loadable from any origin (CORP cross-origin): they are
 * public code. Missing bundle: 503 saying how to build it.
 */
export function widgetAssetRoutes({ dir = DEFAULT_WIDGET_DIST }: { dir?: string } = {}): Router {
  const root = path.resolve(dir);
  const cache = new Map<string, Asset>();
  const router = newRouter();

  async function load(file: string): Promise<Asset | undefined | "missing-bundle"> {
    const full = path.resolve(root, file);
    if (!full.startsWith(root + path.sep)) return undefined;
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) {
      const bundle = await stat(path.join(root, "frame.js")).catch(() => undefined);
      return bundle ? undefined : "missing-bundle";
    }
    const cached = cache.get(full);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    const body = await readFile(full);
    const asset = {
      body,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
      mtimeMs: info.mtimeMs,
    };
    cache.set(full, asset);
    return asset;
  }

  async function serve(ctx: Context, file: string) {
    const asset = ASSET.test(file) ? await load(file) : undefined;
    ctx.set("Cross-Origin-Resource-Policy", "cross-origin");
    if (asset === "missing-bundle") {
      ctx.status = 503;
      ctx.type = "text/plain; charset=utf-8";
      ctx.set("Cache-Control", "no-store");
      ctx.body =
        "The widget bundle is not built: run `npm run build` at the repository root (it builds widget/dist).\n";
      return;
    }
    if (!asset) {
      ctx.status = 404;
      ctx.type = "text/plain; charset=utf-8";
      ctx.body = "No such widget file.\n";
      return;
    }
    ctx.type = "text/javascript; charset=utf-8";
    ctx.set("X-Content-Type-Options", "nosniff");
    // Stable names (widget.js, frame.js) are revalidated; hashed chunks never change.
    ctx.set(
      "Cache-Control",
      IMMUTABLE.test(file) ? "public, max-age=31536000, immutable" : "public, max-age=300, must-revalidate",
    );
    ctx.set("ETag", asset.etag);
    if (ctx.get("If-None-Match") === asset.etag) {
      ctx.status = 304;
      return;
    }
    ctx.status = 200;
    ctx.body = asset.body;
  }

  router.get("/widget.js", (ctx) => serve(ctx, "loader.js"));
  // The raw path, not Koa's decoded one: an encoded slash or dot-dot never reaches the disk.
  router.get("/widget/*file", (ctx) => serve(ctx, ctx.path.slice("/widget/".length)));

  return router;
}
