import type { Knex } from "knex";
import type { AuditLog } from "../audit/audit.js";

/** What a deleted account is called in the audit log from then on. */
export const pseudonymOf = (audit: Pick<AuditLog, "pseudonym">, userId: string) =>
  `deleted-user:${audit.pseudonym(userId)}`;

const EMAIL = /[^\s@"<>]+@[^\s@"<>]+/;

/**
 * A details object with the account's id swapped for its pseudonym and every email address taken
 * out (a value holding one is dropped, in objects and lists alike).
 */
function scrub(value: unknown, userId: string, pseudonym: string): unknown {
  if (typeof value === "string") return value.split(userId).join(pseudonym);
  if (Array.isArray(value)) {
    return value
      .filter((v) => !(typeof v === "string" && EMAIL.test(v)))
      .map((v) => scrub(v, userId, pseudonym));
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string" && EMAIL.test(v)) continue;
      out[k.split(userId).join(pseudonym)] = scrub(v, userId, pseudonym);
    }
    return out;
  }
  return value;
}

function scrubDetails(details: string, userId: string, pseudonym: string): string {
  try {
    return JSON.stringify(scrub(JSON.parse(details), userId, pseudonym));
  } catch {
    return JSON.stringify({});
  }
}

/**
 * Pseudonymises a deleted account's entries, inside the deletion's transaction: every entry naming
 * it (as actor, target, or in its details, by id or address) gets the pseudonym for the id, no
 * address, IP or browser; the chain is re-sealed from the first changed entry so it still verifies.
 * Answers how many entries changed.
 */
export async function pseudonymiseAuditEntries(
  trx: Knex.Transaction,
  audit: AuditLog,
  account: { id: string; email: string },
): Promise<number> {
  const pseudonym = pseudonymOf(audit, account.id);
  const email = account.email.toLowerCase();
  /** A target naming the account (its id, a key such as `user:<id>`, or its address) names the pseudonym. */
  const target = (value: string | null) =>
    value === null
      ? null
      : value.toLowerCase() === email
        ? pseudonym
        : value.split(account.id).join(pseudonym);
  const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let changed = 0;
  await audit.rewrite(trx, async () => {
    const rows = (await trx("audit_log")
      .where((q) =>
        q
          .where({ actor_id: account.id })
          .orWhereRaw("target_id like ? escape '\\'", [like(account.id)])
          .orWhereRaw("lower(target_id) = ?", [email])
          .orWhereRaw("details like ? escape '\\'", [like(account.id)])
          .orWhereRaw("lower(details) like ? escape '\\'", [like(email)]),
      )
      .orderBy("id")
      .select("id", "actor_id", "target_id", "details")) as {
      id: number;
      actor_id: string | null;
      target_id: string | null;
      details: string;
    }[];
    for (const row of rows) {
      await trx("audit_log")
        .where({ id: row.id })
        .update({
          actor_id: row.actor_id === account.id ? pseudonym : row.actor_id,
          target_id: target(row.target_id),
          ip: null,
          user_agent: null,
          details: scrubDetails(row.details, account.id, pseudonym),
        });
    }
    changed = rows.length;
    return rows[0]?.id;
  });
  return changed;
}
