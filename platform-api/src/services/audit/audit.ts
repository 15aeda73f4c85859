import { createHmac } from "node:crypto";
import type { Knex } from "knex";
import type { Clock } from "../shared/clock.js";
import { iso } from "../shared/clock.js";

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

interface AnchorRow {
  id: number;
  entries: number | string;
  last_id: number;
  last_hash: string;
  mac: string | null;
  updated_at: string;
}

/** The anchor's MAC: the entry count and the tail it names, under the chain's key. */
function anchorMac(key: Buffer, anchor: Pick<AnchorRow, "entries" | "last_id" | "last_hash">): string {
  const fields = ["audit-anchor", String(anchor.entries), String(anchor.last_id), anchor.last_hash];
  return createHmac("sha256", key).update(JSON.stringify(fields)).digest("hex");
}

/** Where a request came from, as an audit entry records it (`RequestMeta` fields, null when unknown). */
export const requestFields = (meta: { ip?: string; userAgent?: string; requestId?: string }) => ({
  ip: meta.ip ?? null,
  userAgent: meta.userAgent ?? null,
  requestId: meta.requestId ?? null,
});

export interface AuditVerification {
  ok: boolean;
  rows: number;
  firstBadId?: number;
  reason?: string;
}

export interface AuditLog {
  record(event: AuditEvent, trx?: Knex.Transaction): Promise<void>;
  verify(): Promise<AuditVerification>;
  /**
   * Anchors the chain's current tail when the anchor has none yet (just after the migration that
   * brought anchors in), once the chain checks out. Run at start; a no-op otherwise.
   */
  anchorPending(): Promise<void>;
  /**
   * Changes entries in place (erasure: a deleted account's entries pseudonymised) and re-seals the
   * chain from the first changed entry to the tail, all under the anchor's lock inside `trx`.
   * `edit` changes rows through `trx` and answers the lowest id it changed (none: nothing to seal).
   * The log still verifies afterwards; only a holder of the chain's key can do this.
   */
  rewrite(trx: Knex.Transaction, edit: () => Promise<number | undefined>): Promise<void>;
  /** A stable stand-in for an id the log must stop naming: 20 hex digits of an HMAC under the chain's key. */
  pseudonym(id: string): string;
}

/**
 * An append-only, hash-chained audit log: editing or deleting any row breaks the chain from
 * there on, and cutting rows off the end disagrees with the anchor (entries ever appended and the
 * last hash, under the same key), both of which `verify` reports. Appends take the anchor's row
 * lock, so writers on every instance append one at a time and the chain never forks.
 */
export function createAuditLog(db: Knex, clock: Clock, key: Buffer): AuditLog {
  let tail: Promise<unknown> = Promise.resolve();
  // SQLite has one writer at a time anyway, and knex warns on every FOR UPDATE it cannot send.
  const rowLocks = db.client.config.client !== "better-sqlite3";

  function lockAnchor(trx: Knex | Knex.Transaction) {
    const q = trx<AnchorRow>("audit_anchor").where({ id: 1 });
    return (rowLocks ? q.forUpdate() : q).first();
  }

  async function append(event: AuditEvent, trx: Knex | Knex.Transaction): Promise<void> {
    const anchor = await lockAnchor(trx);
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
    const hash = rowHash(key, row);
    const [inserted] = await trx("audit_log")
      .insert({ ...row, hash })
      .returning("id");
    const id = Number(typeof inserted === "object" ? inserted.id : inserted);
    // An anchor that is missing or fails its MAC is left as it is: the event is kept, and verify
    // goes on reporting the tampering instead of a new anchor covering it up.
    if (!anchor || (anchor.mac !== null && anchor.mac !== anchorMac(key, anchor))) return;
    const entries =
      anchor.mac === null
        ? Number((await trx("audit_log").count({ n: "*" }).first())?.n ?? 0)
        : Number(anchor.entries) + 1;
    const next = { entries, last_id: id, last_hash: hash };
    await trx("audit_anchor")
      .where({ id: 1 })
      .update({ ...next, mac: anchorMac(key, next), updated_at: row.created_at });
  }

  /** Walks the chain up to `untilId` (everything when absent). */
  async function walk(untilId?: number) {
    let prev = GENESIS;
    let rows = 0;
    let lastId = 0;
    let lastHash = GENESIS;
    const page = 1000;
    for (;;) {
      const q = db<AuditRow>("audit_log").where("id", ">", lastId).orderBy("id").limit(page);
      const batch = await (untilId === undefined ? q : q.andWhere("id", "<=", untilId));
      for (const row of batch) {
        rows++;
        if (row.prev_hash !== prev)
          return { ok: false, rows, firstBadId: row.id, reason: "chain broken before this row" } as const;
        const { id: _id, hash, ...rest } = row;
        if (rowHash(key, rest) !== hash)
          return { ok: false, rows, firstBadId: row.id, reason: "row content changed" } as const;
        prev = hash;
        lastId = row.id;
        lastHash = hash;
      }
      if (batch.length < page) return { ok: true, rows, lastId, lastHash } as const;
    }
  }

  /** Recomputes every hash from `fromId` on, each row chained to the one before it. */
  async function reseal(trx: Knex.Transaction, fromId: number): Promise<boolean> {
    const before = await trx<AuditRow>("audit_log")
      .where("id", "<", fromId)
      .orderBy("id", "desc")
      .first("hash");
    let prev = before?.hash ?? GENESIS;
    let lastId = fromId - 1;
    let resealed = false;
    for (;;) {
      const batch = await trx<AuditRow>("audit_log").where("id", ">", lastId).orderBy("id").limit(500);
      for (const row of batch) {
        const { id, hash: _old, ...rest } = row;
        const hash = rowHash(key, { ...rest, prev_hash: prev });
        await trx("audit_log").where({ id }).update({ prev_hash: prev, hash });
        prev = hash;
        lastId = id;
        resealed = true;
      }
      if (batch.length < 500) return resealed;
    }
  }

  return {
    async rewrite(trx, edit) {
      const anchor = await lockAnchor(trx);
      const fromId = await edit();
      if (fromId === undefined) return;
      const resealed = await reseal(trx, fromId);
      // Only an anchor that checks out follows the new tail; a tampered one stays as found.
      if (!resealed || !anchor || anchor.mac === null || anchor.mac !== anchorMac(key, anchor)) return;
      if (anchor.last_id < fromId) return;
      const anchored = await trx<AuditRow>("audit_log").where({ id: anchor.last_id }).first("hash");
      if (!anchored) return;
      const next = { entries: anchor.entries, last_id: anchor.last_id, last_hash: anchored.hash };
      await trx("audit_anchor")
        .where({ id: 1 })
        .update({ last_hash: anchored.hash, mac: anchorMac(key, next), updated_at: iso(clock.now()) });
    },

    pseudonym(id) {
      return createHmac("sha256", key).update(`pseudonym:${id}`).digest("hex").slice(0, 20);
    },

    record(event, trx) {
      if (trx) return append(event, trx);
      const next = tail.then(() => db.transaction((t) => append(event, t)));
      tail = next.catch(() => undefined);
      return next;
    },

    async verify() {
      // The anchor first: entries appended while the rows are read come after it and are checked
      // as chain only.
      const anchor = await db<AnchorRow>("audit_anchor").where({ id: 1 }).first();
      const walked = await walk();
      if (!walked.ok) return walked;
      if (!anchor) {
        return {
          ok: false,
          rows: walked.rows,
          reason: "the chain's anchor is missing: rows may have been cut off",
        };
      }
      if (anchor.mac === null) {
        return walked.rows === 0
          ? { ok: true, rows: 0 }
          : {
              ok: false,
              rows: walked.rows,
              reason: "the chain's tail is not anchored yet: restart the server to anchor it",
            };
      }
      if (anchor.mac !== anchorMac(key, anchor)) {
        return { ok: false, rows: walked.rows, reason: "the chain's anchor was altered" };
      }
      const upTo = await walk(anchor.last_id);
      if (!upTo.ok) return upTo;
      const expected = Number(anchor.entries);
      if (upTo.rows !== expected || upTo.lastHash !== anchor.last_hash) {
        const missing = expected - upTo.rows;
        return {
          ok: false,
          rows: walked.rows,
          firstBadId: anchor.last_id,
          reason:
            missing > 0
              ? `${missing} entr${missing === 1 ? "y is" : "ies are"} missing from the end of the log`
              : "the log's last entries do not match its anchor",
        };
      }
      return { ok: true, rows: walked.rows };
    },

    async anchorPending() {
      const anchor = await db<AnchorRow>("audit_anchor").where({ id: 1 }).first();
      if (!anchor || anchor.mac !== null) return;
      const walked = await walk();
      if (!walked.ok) return;
      const next = { entries: walked.rows, last_id: walked.lastId, last_hash: walked.lastHash };
      await db("audit_anchor")
        .where({ id: 1 })
        .whereNull("mac")
        .update({ ...next, mac: anchorMac(key, next), updated_at: iso(clock.now()) });
    },
  };
}
