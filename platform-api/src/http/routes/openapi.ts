import type Router from "@koa/router";
import { buildOpenApiDocument, serversOf } from "../openapi.js";
import { newRouter } from "../router.js";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/**
 * `GET /openapi.json`: the OpenAPI 3.1 document, built once, at start, so a broken one fails early;
 * its server is this deployment's public URL.
 */
export function openapiRoutes({ publicUrl }: { publicUrl: string }): Router {
  document ??= buildOpenApiDocument();
  const served = { ...document, servers: serversOf(publicUrl) };
  const router = newRouter();
  router.get("/openapi.json", (ctx) => {
    ctx.body = served;
  });
  return router;
}
