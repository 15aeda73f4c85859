import { CreateKeyRequest, UpdateKeyRequest, UpdatePreferencesRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Context } from "koa";
import type { Principal } from "../../services/accounts/accounts.js";
import type { Keys } from "../../services/vault/keys.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/**
 * Changing the vault takes `write` and `keys` together (a general token must carry both), or
 * `keys:write` alone: the narrow grant a keys manager inside an embed holds, good for nothing else.
 */
function keyWriter(ctx: Context): Principal {
  const principal = principalOf(ctx, ["write", "keys:write"]);
  return principal.scopes.includes("keys:write") ? principal : principalOf(ctx, "keys");
}

/** The key vault (`/keys`) and which key serves which task (`/me/preferences`). */
export function keyRoutes({ keys }: { keys: Keys }): Router {
  const router = newRouter();

  router.get("/keys", async (ctx) => {
    ctx.body = await keys.list(principalOf(ctx, "keys"));
  });

  router.post("/keys", async (ctx) => {
    const principal = keyWriter(ctx);
    const created = await keys.create(principal, body(ctx, CreateKeyRequest), metaOf(ctx));
    ctx.status = 201;
    ctx.body = created;
  });

  router.get("/keys/:id", async (ctx) => {
    ctx.body = await keys.get(principalOf(ctx, "keys"), ctx.params.id ?? "");
  });

  router.patch("/keys/:id", async (ctx) => {
    const principal = keyWriter(ctx);
    ctx.body = await keys.update(principal, ctx.params.id ?? "", body(ctx, UpdateKeyRequest), metaOf(ctx));
  });

  router.delete("/keys/:id", async (ctx) => {
    await keys.remove(keyWriter(ctx), ctx.params.id ?? "", metaOf(ctx));
    ctx.status = 204;
  });

  // Using a key, not changing it: the `keys` scope is enough.
  router.post("/keys/:id/verify", async (ctx) => {
    ctx.body = await keys.verify(principalOf(ctx, "keys"), ctx.params.id ?? "", metaOf(ctx));
  });

  // The choice of key per task belongs to the vault: a keys grant reads and sets it too.
  router.get("/me/preferences", async (ctx) => {
    ctx.body = await keys.getPreferences(principalOf(ctx, ["read", "keys"]));
  });

  router.put("/me/preferences", async (ctx) => {
    const principal = principalOf(ctx, ["write", "keys:write"]);
    ctx.body = await keys.setPreferences(principal, body(ctx, UpdatePreferencesRequest), metaOf(ctx));
  });

  return router;
}
