import type Router from "@koa/router";
import type { Registry } from "prom-client";
import { requireMetricsToken } from "../metrics-token.js";
import { newRouter } from "../router.js";

/**
 * `GET /metrics` (Prometheus text) for a scraper holding `METRICS_TOKEN`. Mounted before user
 * credentials are looked at: the scraper's bearer token is not a session or an access token.
 */
export function metricsRoutes({ registry, token }: { registry: Registry; token?: string }): Router {
  const router = newRouter();
  router.get("/metrics", requireMetricsToken(token), async (ctx) => {
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return router;
}
