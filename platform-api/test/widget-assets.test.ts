import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WIDGET_DIST, widgetAssetRoutes } from "../src/http/routes/widget-assets.js";
import { startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";

/** A request with the path exactly as written (fetch would normalise `..` away). */
function rawGet(url: string, rawPath: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request({ hostname, port, path: rawPath, method: "GET", headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    },
  );
}

async function serve(dir: string) {
  const app = new Koa();
  app.use(widgetAssetRoutes({ dir }).routes());
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("widget files", () => {
  let root: string;
  let site: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "cg-widget-"));
    const dist = path.join(root, "dist");
    await mkdir(path.join(dist, "chunks"), { recursive: true });
    await mkdir(path.join(dist, "lib"), { recursive: true });
    await writeFile(path.join(dist, "loader.js"), "/* loader */");
    await writeFile(path.join(dist, "frame.js"), "/* frame */");
    await writeFile(path.join(dist, "chunks", "python-AbC123.js"), "/* python */");
    await writeFile(path.join(dist, "lib", "frame.js"), "/* tsc output */");
    await writeFile(path.join(dist, "notes.txt"), "not a bundle file");
    await writeFile(path.join(root, "secret.js"), "SECRET_OUTSIDE_DIST");
    site = await serve(dist);
  });

  afterAll(async () => {
    await site.close();
    await rm(root, { recursive: true, force: true });
  });

  it("serves the loader at /widget.js, revalidated, loadable from any origin", async () => {
    const res = await rawGet(site.url, "/widget.js");
    expect(res.status).toBe(200);
    expect(res.body).toBe("/* loader */");
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["cache-control"]).toBe("public, max-age=300, must-revalidate");
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await rawGet(site.url, "/widget.js", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
  });

  it("serves the frame bundle, and hashed chunks as immutable", async () => {
    const frame = await rawGet(site.url, "/widget/frame.js");
    expect(frame.status).toBe(200);
    expect(frame.body).toBe("/* frame */");
    expect(frame.headers["cache-control"]).toContain("max-age=300");
    const chunk = await rawGet(site.url, "/widget/chunks/python-AbC123.js");
    expect(chunk.status).toBe(200);
    expect(chunk.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(chunk.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it.each([
    "/widget/../secret.js",
    "/widget/chunks/../../secret.js",
    "/widget/%2e%2e/secret.js",
    "/widget/%2E%2E%2Fsecret.js",
    "/widget/chunks%2f..%2f..%2fsecret.js",
    "/widget/..%5csecret.js",
    "/widget//etc/passwd",
    "/widget/%2fetc%2fpasswd",
    "/widget/lib/frame.js",
    "/widget/notes.txt",
    "/widget/",
    "/widget/.js",
    "/widget/frame.js%00.txt",
  ])("refuses %s without reading outside the bundle", async (p) => {
    const res = await rawGet(site.url, p);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain("SECRET_OUTSIDE_DIST");
    expect(res.body).not.toContain("tsc output");
  });

  it("answers 503 saying how to build when the bundle is missing", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "cg-widget-empty-"));
    const bare = await serve(empty);
    try {
      for (const p of ["/widget.js", "/widget/frame.js"]) {
        const res = await rawGet(bare.url, p);
        expect(res.status).toBe(503);
        expect(res.body).toContain("npm run build");
        expect(res.headers["cache-control"]).toBe("no-store");
      }
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("finds widget/dist next to the package by default", () => {
    expect(DEFAULT_WIDGET_DIST.replace(/\\/g, "/")).toMatch(/\/widget\/dist\/$/);
  });
});

describe("widget files through the app", () => {
  let api: TestApi;
  let db: Awaited<ReturnType<(typeof databases)[number]["create"]>>;

  beforeAll(async () => {
    const sqlite = databases.find((target) => target.name === "sqlite");
    if (!sqlite) throw new Error("SQLite is always available");
    db = await sqlite.create();
    api = await startApi(db.knex);
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
  });

  it("serves /widget.js past the API's same-origin resource policy", async () => {
    const res = await rawGet(api.url, "/widget.js");
    // 503 only when widget/dist is not built; either way any origin may load the answer.
    expect([200, 503]).toContain(res.status);
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    if (res.status === 200) {
      expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
      expect(res.body).toContain("cg-problem");
    }
    const traversal = await rawGet(api.url, "/widget/../package.json");
    expect(traversal.status).toBe(404);
  });
});
