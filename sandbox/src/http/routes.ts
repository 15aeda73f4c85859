import Router from "@koa/router";
import type { Sandbox } from "../runner/sandbox.js";
import { NDJSON, streamRun } from "./stream.js";

/** Routes under /v1 are reached only through the service-token check in app.ts. */
export function sandboxRoutes(sandbox: Sandbox): Router {
  const router = new Router();

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

  router.get("/v1/languages", async (ctx) => {
    ctx.body = await sandbox.languages();
  });

  router.post("/v1/runs", async (ctx) => {
    if (ctx.accepts("application/json", NDJSON) === NDJSON) {
      await streamRun(ctx, sandbox);
      return;
    }
    ctx.body = await sandbox.run(ctx.request.body as never);
  });

  return router;
}
