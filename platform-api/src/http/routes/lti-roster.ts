import type Router from "@koa/router";
import type { RosterSync } from "../../services/lti/roster.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";

/** A course's link to the LMS, and its roster imported from there (Names and Role Provisioning). */
export function ltiRosterRoutes({ roster }: { roster: RosterSync }): Router {
  const router = newRouter();

  router.get("/courses/:id/lti", async (ctx) => {
    ctx.body = await roster.link(principalOf(ctx), ctx.params.id ?? "");
  });

  router.post("/courses/:id/lti/roster-sync", async (ctx) => {
    ctx.body = await roster.sync(principalOf(ctx, "write"), ctx.params.id ?? "", metaOf(ctx));
  });

  return router;
}
