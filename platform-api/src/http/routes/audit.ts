import { type AuditEvent, type AuditPage, AuditQuery } from "@codeground/sdk";
import type Router from "@koa/router";
import type { Knex } from "knex";
import type { AuditLog } from "../../services/audit/audit.js";
import { principalOf } from "../auth.js";
import { fail } from "../errors.js";
import { newRouter } from "../router.js";
import { parse } from "../validate.js";

export function auditRoutes({ db, audit }: { db: Knex; audit: AuditLog }): Router {
  const router = newRouter();

  /** Own events, newest first; admins see everyone's. Cursor: `?before=<id>`. */
  router.get("/audit", async (ctx) => {
    const principal = principalOf(ctx);
    const { before, limit } = parse(AuditQuery, ctx.query);
    const q = db("audit_log").orderBy("id", "desc").limit(limit);
    if (principal.user.role !== "admin") q.where({ actor_id: principal.user.id });
    if (before) q.where("id", "<", before);
    const rows = await q;
    const page: AuditPage = {
      events: rows.map(
        (r): AuditEvent => ({
          id: r.id,
          at: r.created_at,
          actorId: r.actor_id,
          actorType: r.actor_type,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          ip: r.ip,
          userAgent: r.user_agent,
          requestId: r.request_id,
          details: JSON.parse(r.details),
        }),
      ),
      nextBefore: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null,
    };
    ctx.body = page;
  });

  router.get("/audit/verify", async (ctx) => {
    if (principalOf(ctx).user.role !== "admin")
      throw fail.authorization("admin_only", "Only admins can verify the audit log.");
    ctx.body = await audit.verify();
  });

  return router;
}
