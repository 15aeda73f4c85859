import { CreateEmbedRequest, UpdateEmbedRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import { requireVerifiedEmail } from "../../services/accounts/email-verification.js";
import type { Embeds } from "../../services/embeds/embeds.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Embeds as their owners configure them (`/embeds`). */
export function embedRoutes({ embeds }: { embeds: Embeds }): Router {
  const router = newRouter();

  router.get("/embeds", async (ctx) => {
    ctx.body = await embeds.list(principalOf(ctx));
  });

  router.post("/embeds", async (ctx) => {
    const principal = principalOf(ctx, "write");
    requireVerifiedEmail(principal);
    const created = await embeds.create(principal, body(ctx, CreateEmbedRequest), metaOf(ctx));
    ctx.status = 201;
    ctx.body = created;
  });

  router.get("/embeds/:id", async (ctx) => {
    ctx.body = await embeds.get(principalOf(ctx), ctx.params.id ?? "");
  });

  router.patch("/embeds/:id", async (ctx) => {
    const principal = principalOf(ctx, "write");
    ctx.body = await embeds.update(
      principal,
      ctx.params.id ?? "",
      body(ctx, UpdateEmbedRequest),
      metaOf(ctx),
    );
  });

  router.delete("/embeds/:id", async (ctx) => {
    await embeds.remove(principalOf(ctx, "write"), ctx.params.id ?? "", metaOf(ctx));
    ctx.status = 204;
  });

  router.post("/embeds/:id/rotate-secret", async (ctx) => {
    ctx.body = await embeds.rotateSecret(principalOf(ctx, "write"), ctx.params.id ?? "", metaOf(ctx));
  });

  router.get("/embeds/:id/deliveries", async (ctx) => {
    ctx.body = await embeds.deliveries(principalOf(ctx), ctx.params.id ?? "");
  });

  return router;
}
