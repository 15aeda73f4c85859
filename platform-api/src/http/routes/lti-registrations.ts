import { CreateLtiRegistrationRequest, DynamicLtiRegistrationRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { DynamicRegistration } from "../../services/lti/dynamic-registration.js";
import type { Registrations } from "../../services/lti/registrations.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Learning platforms registered by hand (`/lti/registrations`), each its owner's. */
export function ltiRegistrationRoutes({
  registrations,
  dynamicRegistration,
}: {
  registrations: Registrations;
  dynamicRegistration: DynamicRegistration;
}): Router {
  const router = newRouter();

  router.get("/lti/registrations", async (ctx) => {
    ctx.body = await registrations.list(principalOf(ctx));
  });

  router.post("/lti/registrations", async (ctx) => {
    const principal = principalOf(ctx, "write");
    ctx.status = 201;
    ctx.body = await registrations.create(principal, body(ctx, CreateLtiRegistrationRequest), metaOf(ctx));
  });

  // Dynamic Registration, confirmed in a Codeground window (`/lti/connect`) the LMS dialog opened.
  router.post("/lti/registrations/dynamic", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const input = body(ctx, DynamicLtiRegistrationRequest);
    ctx.set("Cache-Control", "no-store");
    ctx.status = 201;
    ctx.body = await dynamicRegistration.register(principal, input, metaOf(ctx));
  });

  router.delete("/lti/registrations/:id", async (ctx) => {
    await registrations.remove(principalOf(ctx, "write"), ctx.params.id ?? "", metaOf(ctx));
    ctx.status = 204;
  });

  return router;
}
