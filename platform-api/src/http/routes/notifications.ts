import { UpdateNotificationSettings } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Notifications } from "../../services/notifications/index.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** The signed-in user's notification switches. */
export function notificationRoutes({ notifications }: { notifications: Notifications }): Router {
  const router = newRouter();

  router.get("/me/notifications", async (ctx) => {
    ctx.body = await notifications.settings.get(principalOf(ctx, "read").user.id);
  });

  router.put("/me/notifications", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const changes = body(ctx, UpdateNotificationSettings);
    ctx.body = await notifications.settings.update(principal.user.id, changes, metaOf(ctx));
  });

  return router;
}
