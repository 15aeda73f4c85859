import Router from "@koa/router";

/**
 * Every router of the API matches paths case-sensitively and strictly (`/API/v1/keys` and
 * `/api/v1/keys/` are not `/api/v1/keys`): one spelling per route, so a check keyed on a path
 * cannot be stepped around by spelling the path another way.
 */
export const newRouter = (prefix?: string): Router =>
  new Router({ sensitive: true, strict: true, ...(prefix ? { prefix } : {}) });
