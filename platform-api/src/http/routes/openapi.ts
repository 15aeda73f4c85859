import type Router from "@koa/router";
import { buildOpenApiDocument } from "../openapi.js";
import { newRouter } from "../router.js";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** `GET /openapi.json`: the OpenAPI 3.1 document, built once, at start, so a broken one fails early. */
export function openapiRoutes(): Router {
  document ??= buildOpenApiDocument();
  const served = document;
  const router = newRouter();
  router.get("/openapi.json", (ctx) => {
    ctx.body = served;
  });
  return router;
}
