import Router from "@koa/router";
import type { Knex } from "knex";
import type { Registry } from "prom-client";

export function healthRoutes({ db, registry }: { db: Knex; registry: Registry }): Router {
  const router = new Router();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  router.get("/readyz", async (ctx) => {
    const database = await db
      .raw("select 1")
      .then(() => true)
      .catch(() => false);
    ctx.status = database ? 200 : 503;
    ctx.body = { ready: database, database };
  });
  router.get("/metrics", async (ctx) => {
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return router;
}
