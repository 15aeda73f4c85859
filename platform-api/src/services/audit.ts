import { createHmac } from "node:crypto";
import type { Knex } from "knex";
import type { Clock } from "./clock.js";
import { iso } from "./clock.js";

export interface AuditEvent {
  action: string;
  actorId?: string | null;
  actorType?: "user" | "system" | "anonymous" | "embed";
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** Never a secret: callers pass ids, names and outcomes only. */
  details?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  created_at: string;
  actor_id: string | null;
  actor_type: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = "0".repeat(64);

/**
 * The hash covers every field but the id, chained to the previous row's hash, keyed with a secret
 * kept sealed by the KMS: without the key, an edited row's chain cannot be recomputed to verify.
 */
function rowHash(key: Buffer, row: Omit<AuditRow, "id" | "hash">): string {
  const fields = [
    row.prev_hash,
    row.created_at,
    row.actor_id ?? "",
    row.actor_type,
    row.action,
    row.target_type ?? "",
    row.target_id ?? "",
    row.ip ?? "",
    row.user_agent ?? "",
    row.request_id ?? "",
    row.details,
  ];
  return createHmac("sha256", key).update(JSON.stringify(fields)).digest("hex");
}

export interface AuditLog {
  record(event: AuditEvent, trx?: Knex.Transaction): Promise<void>;
  verify(): Promise<{ ok: boolean; rows: number; firstBadId?: number; reason?: string }>;
}

/**
 * An append-only, hash-chained audit log: editing or deleting any row breaks the chain from
 * there on, which `verify` reports. Appends are serialised so the chain never forks.
 */
export function createAuditLog(db: Knex, clock: Clock, key: Buffer): AuditLog {
  let tail: Promise<unknown> = Promise.resolve();

  async function append(event: AuditEvent, trx: Knex | Knex.Transaction): Promise<void> {
    const last = await trx<AuditRow>("audit_log").select("hash").orderBy("id", "desc").first();
    const row = {
      created_at: iso(clock.now()),
      actor_id: event.actorId ?? null,
      actor_type: event.actorType ?? (event.actorId ? "user" : "anonymous"),
      action: event.action,
      target_type: event.targetType ?? null,
      target_id: event.targetId ?? null,
      ip: event.ip ?? null,
      user_agent: event.userAgent?.slice(0, 512) ?? null,
      request_id: event.requestId ?? null,
      details: JSON.stringify(event.details ?? {}),
      prev_hash: last?.hash ?? GENESIS,
    };
    await trx("audit_log").insert({ ...row, hash: rowHash(key, row) });
  }

  return {
    record(event, trx) {
      if (trx) return append(event, trx);
      const next = tail.then(() => db.transaction((t) => append(event, t)));
      tail = next.catch(() => undefined);
      return next;
    },

    async verify() {
      let prev = GENESIS;
      let rows = 0;
      let lastId = 0;
      const page = 1000;
      for (;;) {
        const batch = await db<AuditRow>("audit_log").where("id", ">", lastId).orderBy("id").limit(page);
        for (const row of batch) {
          rows++;
          if (row.prev_hash !== prev)
            return { ok: false, rows, firstBadId: row.id, reason: "chain broken before this row" };
          const { id: _id, hash, ...rest } = row;
          if (rowHash(key, rest) !== hash)
            return { ok: false, rows, firstBadId: row.id, reason: "row content changed" };
          prev = hash;
          lastId = row.id;
        }
        if (batch.length < page) return { ok: true, rows };
      }
    },
  };
}
