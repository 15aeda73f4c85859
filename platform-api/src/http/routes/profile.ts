import { UpdateMeRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Knex } from "knex";
import { publicUser, type UserRow } from "../../services/accounts/accounts.js";
import { type AuditLog, requestFields } from "../../services/audit/audit.js";
import { type Clock, iso } from "../../services/shared/clock.js";
import { metaOf, principalOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** What the account says of itself (`PATCH /me`): its display name, and the language its mail speaks. */
export function profileRoutes({
  db,
  audit,
  clock,
  forgetUser,
}: {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
  /** Cached principals carry the user: every instance must read it again. */
  forgetUser: (userId: string) => Promise<void>;
}): Router {
  const router = newRouter();

  router.patch("/me", async (ctx) => {
    const principal = principalOf(ctx, "write");
    const input = body(ctx, UpdateMeRequest);
    const changes = {
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
    };
    if (Object.keys(changes).length > 0) {
      await db("users")
        .where({ id: principal.user.id })
        .update({ ...changes, updated_at: iso(clock.now()) });
      await forgetUser(principal.user.id);
      await audit.record({
        action: "account.profile_updated",
        actorId: principal.user.id,
        targetType: "user",
        targetId: principal.user.id,
        // Which fields, and the language (a tag, not personal); the name itself stays out.
        details: {
          fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined),
          ...(input.locale !== undefined ? { locale: input.locale } : {}),
        },
        ...requestFields(metaOf(ctx)),
      });
    }
    const row = await db<UserRow>("users").where({ id: principal.user.id }).first();
    ctx.body = publicUser(row as UserRow);
  });

  return router;
}
