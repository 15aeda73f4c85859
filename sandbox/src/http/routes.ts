import Router from "@koa/router";
import type { Middleware } from "koa";
import type { Sandbox } from "../runner/sandbox.js";
import { NDJSON, streamRun } from "./stream.js";

export interface RouteGuards {
  /** The service-token check: named on every route that runs or reveals anything. */
  auth: Middleware;
  /** The JSON body parser, after `auth` on the routes that take a body. */
  body: Middleware;
}

/**
 * The service's routes. Matching is case-sensitive and strict (`/V1/runs` and `/v1/runs/` are not
 * `/v1/runs`), and each protected route names its token check itself, so no spelling of a path
 * reaches a handler without it.
 */
export function sandboxRoutes(sandbox: Sandbox, { auth, body }: RouteGuards): Router {
  const router = new Router({ sensitive: true, strict: true });

  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });

  router.get("/readyz", async (ctx) => {
    const readiness = await sandbox.readiness();
    ctx.status = readiness.ready ? 200 : 503;
    ctx.body = readiness;
  });

  router.get("/metrics", async (ctx) => {
    ctx.type = sandbox.metrics.registry.contentType;
    ctx.body = await sandbox.metrics.registry.metrics();
  });

  router.get("/v1/languages", auth, async (ctx) => {
    ctx.body = await sandbox.languages();
  });

  router.post("/v1/runs", auth, body, async (ctx) => {
    if (ctx.accepts("application/json", NDJSON) === NDJSON) {
      await streamRun(ctx, sandbox);
      return;
    }
    ctx.body = await sandbox.run(ctx.request.body as never);
  });

  return router;
}
