import { CreateLtiRegistrationRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Registrations } from "../../services/lti/registrations.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Learning platforms registered by hand (`/lti/registrations`), each its owner's. */
export function ltiRegistrationRoutes({ registrations }: { registrations: Registrations }): Router {
  const router = newRouter();

  router.get("/lti/registrations", async (ctx) => {
    ctx.body = await registrations.list(principalOf(ctx));
  });

  router.post("/lti/registrations", async (ctx) => {
    const principal = principalOf(ctx, "write");
    ctx.status = 201;
    ctx.body = await registrations.create(principal, body(ctx, CreateLtiRegistrationRequest), metaOf(ctx));
  });

  router.delete("/lti/registrations/:id", async (ctx) => {
    await registrations.remove(principalOf(ctx, "write"), ctx.params.id ?? "", metaOf(ctx));
    ctx.status = 204;
  });

  return router;
}
