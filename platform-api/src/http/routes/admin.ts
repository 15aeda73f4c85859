import { AdminUserQuery, UpdateAdminUserRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import { type AdminUsers, assertAdmin } from "../../services/admin/admin-users.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body, parse } from "../validate.js";

/**
 * Admins manage every account. Anyone else gets `403 admin_only`, as from `/audit/verify`, before
 * the query or body is looked at.
 */
export function adminRoutes({ users }: { users: AdminUsers }): Router {
  const router = newRouter();

  router.get("/admin/users", async (ctx) => {
    const principal = principalOf(ctx);
    assertAdmin(principal);
    ctx.body = await users.list(principal, parse(AdminUserQuery, ctx.query));
  });

  router.patch("/admin/users/:id", async (ctx) => {
    const principal = principalOf(ctx, "write");
    assertAdmin(principal);
    const change = body(ctx, UpdateAdminUserRequest);
    ctx.body = await users.update(principal, ctx.params.id ?? "", change, metaOf(ctx));
  });

  return router;
}
