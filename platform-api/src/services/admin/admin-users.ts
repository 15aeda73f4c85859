import type { AdminUser, AdminUserPage, AdminUserQuery, UpdateAdminUserRequest } from "@codeground/sdk";
import type { Knex } from "knex";
import type { z } from "zod";
import { fail } from "../../http/errors.js";
import { type Principal, publicUser, type RequestMeta, type UserRow } from "../accounts/accounts.js";
import { type EndedCredentials, endCredentials } from "../accounts/end-credentials.js";
import type { AuditLog } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";

export interface AdminUsersDeps {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
  /**
   * Drops a user's cached credentials here and, through the revocation channel, on every other
   * instance (`PrincipalCache.forgetUser`).
   */
  forgetUser(userId: string): Promise<void>;
}

const adminOnly = () => fail.authorization("admin_only", "Only admins can manage users.");

export function assertAdmin(principal: Principal): void {
  if (principal.user.role !== "admin") throw adminOnly();
}

export const adminUserOf = (row: UserRow): AdminUser => ({ ...publicUser(row), disabledAt: row.disabled_at });

/**
 * Every account, as admins manage them: find users, change a role, disable an account (which ends
 * its sessions and tokens at once) or enable it again. Admins cannot disable themselves or drop
 * their own admin role, and a change made by someone who stopped being an admin a moment ago is
 * refused, so the site always keeps an admin.
 */
export function createAdminUsers({ db, audit, clock, forgetUser }: AdminUsersDeps) {
  // SQLite has one writer at a time anyway, and knex warns on every FOR UPDATE it cannot send.
  const rowLocks = db.client.config.client !== "better-sqlite3";

  /**
   * Locks the actor's and the target's rows, in id order (two admins acting on each other wait
   * for one another instead of deadlocking), then checks the actor is still an enabled admin:
   * two admins demoting each other at once cannot both succeed.
   */
  async function lockActorAndTarget(trx: Knex.Transaction, actorId: string, targetId: string) {
    const rows = new Map<string, UserRow>();
    for (const id of [...new Set([actorId, targetId])].sort()) {
      const q = trx<UserRow>("users").where({ id });
      const row = await (rowLocks ? q.forUpdate() : q).first();
      if (row) rows.set(id, row);
    }
    const actor = rows.get(actorId);
    if (actor?.role !== "admin" || actor.disabled_at) throw adminOnly();
    const target = rows.get(targetId);
    if (!target) throw fail.notFound("user_not_found", "No user with this id.");
    return target;
  }

  return {
    /** Users by email address, a page at a time; `q` matches emails and display names. */
    async list(principal: Principal, query: z.output<typeof AdminUserQuery>): Promise<AdminUserPage> {
      assertAdmin(principal);
      const q = db<UserRow>("users")
        .orderBy("email")
        .limit(query.limit + 1);
      if (query.cursor) q.where("email", ">", decodeCursor(query.cursor));
      if (query.q) {
        const pattern = `%${escapeLike(query.q.toLowerCase())}%`;
        q.where((w) =>
          w
            .whereRaw("lower(email) like ? escape '\\'", [pattern])
            .orWhereRaw("lower(display_name) like ? escape '\\'", [pattern]),
        );
      }
      const rows: UserRow[] = await q.select("*");
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(adminUserOf),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.email) : null,
      };
    },

    /**
     * A new role and/or disabled state, audited with who did it and what it was before. Disabling
     * ends every session and access token of the account, in the same transaction, then drops them
     * from every instance's cache.
     */
    async update(
      principal: Principal,
      id: string,
      change: z.output<typeof UpdateAdminUserRequest>,
      meta: RequestMeta,
    ): Promise<AdminUser> {
      assertAdmin(principal);
      if (id === principal.user.id && change.disabled === true) {
        throw fail.conflict(
          "cannot_disable_self",
          "You cannot disable your own account; another admin can, if it has to be.",
        );
      }
      if (id === principal.user.id && change.role !== undefined && change.role !== "admin") {
        throw fail.conflict(
          "cannot_demote_self",
          "You cannot remove your own admin role; another admin can, so the site always keeps one.",
        );
      }
      const at = iso(clock.now());
      const audited = { actorId: principal.user.id, targetType: "user", targetId: id, ...auditMeta(meta) };
      const after = await db.transaction(async (trx) => {
        let ended: EndedCredentials | undefined;
        const before = await lockActorAndTarget(trx, principal.user.id, id);
        const role = change.role ?? before.role;
        const disabledAt =
          change.disabled === undefined
            ? before.disabled_at
            : change.disabled
              ? (before.disabled_at ?? at)
              : null;
        if (role !== before.role || disabledAt !== before.disabled_at) {
          await trx("users").where({ id }).update({ role, disabled_at: disabledAt, updated_at: at });
        }
        // Disabling again still ends whatever credential may have appeared since: it is harmless.
        if (change.disabled === true) ended = await endCredentials(trx, id, at);
        if (role !== before.role) {
          await audit.record(
            {
              action: "admin.user_role_changed",
              ...audited,
              details: { before: { role: before.role }, after: { role } },
            },
            trx,
          );
        }
        if (disabledAt !== before.disabled_at) {
          await audit.record(
            {
              action: disabledAt ? "admin.user_disabled" : "admin.user_enabled",
              ...audited,
              details: {
                before: { disabledAt: before.disabled_at },
                after: { disabledAt },
                ...(ended ? { sessionsEnded: ended.sessions, tokensRevoked: ended.tokens } : {}),
              },
            },
            trx,
          );
        }
        return { ...before, role, disabled_at: disabledAt, updated_at: at };
      });
      // After the commit: an instance that reads the user again now sees the change.
      await forgetUser(id);
      return adminUserOf(after);
    },
  };
}

export type AdminUsers = ReturnType<typeof createAdminUsers>;

/** Cursors are opaque to clients: the last email address of the page, base64url-encoded. */
const encodeCursor = (email: string) => Buffer.from(email, "utf8").toString("base64url");

function decodeCursor(cursor: string): string {
  const email = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
    throw fail.validation(
      "invalid_cursor",
      "The cursor is not one this API gave out; start from the first page.",
      [{ path: "cursor", message: "not a cursor from a previous page" }],
    );
  }
  return email;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const auditMeta = (meta: RequestMeta) => ({
  ip: meta.ip ?? null,
  userAgent: meta.userAgent ?? null,
  requestId: meta.requestId ?? null,
});
