import type { Knex } from "knex";
import { KmsError, VaultError } from "../../kms/errors.js";
import type { Kms } from "../../kms/kms.js";
import type { Vault } from "../../kms/vault.js";

/**
 * Master-key rotation, second half: every sealed column re-wrapped under the new master key, so the
 * old one can be archived. The ciphertext never changes; only each envelope's wrapped data key does.
 *
 * Safe to run against a live database and safe to kill at any point: each row is written by one
 * compare-and-set UPDATE (its own transaction) that only succeeds if the row still holds the exact
 * envelopes that were re-wrapped, so a concurrent writer is never overwritten and a killed run
 * leaves every row either as it was or fully re-wrapped. Running it again continues where it stopped.
 */

interface SealedColumn {
  column: string;
  /** The `table` part of the additional authenticated data the envelope was sealed with. */
  aadTable: string;
}

interface SealedTable {
  table: string;
  /** The column holding the owner's user id, bound into every envelope of the row. */
  ownerColumn: string;
  columns: readonly SealedColumn[];
  /**
   * A column naming the master key of the row's first sealed column, indexed so rows still under
   * another key are found without reading every envelope.
   */
  keyIdColumn?: string;
}

/** Every column that holds an envelope, and how each was sealed. */
export const SEALED_TABLES: readonly SealedTable[] = [
  {
    table: "api_keys",
    ownerColumn: "user_id",
    keyIdColumn: "kms_key_id",
    columns: [
      { column: "secret", aadTable: "api_keys" },
      { column: "base_url", aadTable: "api_keys.base_url" },
    ],
  },
  { table: "users", ownerColumn: "id", columns: [{ column: "totp_secret", aadTable: "users.totp_secret" }] },
  {
    table: "embeds",
    ownerColumn: "owner_id",
    columns: [{ column: "signing_secret", aadTable: "embeds.signing_secret" }],
  },
  {
    table: "system_secrets",
    ownerColumn: "owner",
    columns: [{ column: "value", aadTable: "system_secrets" }],
  },
  {
    table: "lti_tool_keys",
    ownerColumn: "owner",
    columns: [{ column: "private_key", aadTable: "lti_tool_keys" }],
  },
];

export interface RewrapProgress {
  table: string;
  /** Rows looked at so far in this table, including those already under the target key. */
  done: number;
  /** Rows in this table holding a sealed secret when the run reached it. */
  total: number;
}

export interface RewrapFailure {
  table: string;
  column: string;
  rowId: string;
  /** Why the row was left alone; never carries key material or plaintext. */
  reason: string;
}

export interface RewrapResult {
  /** Rows written with re-wrapped envelopes. */
  rewrapped: number;
  /** Rows already under the target key (or deleted while the run reached them). */
  skipped: number;
  failed: number;
  /** The rows left untouched because an envelope could not be opened. */
  failures: RewrapFailure[];
  /** The signal stopped the run before it finished; run it again to continue. */
  aborted: boolean;
}

export interface RewrapOptions {
  db: Knex;
  vault: Pick<Vault, "rewrap" | "open" | "keyIdOf">;
  /** The master key every envelope should end up under: the KMS's current key (`resolveTargetKeyId`). */
  toKeyId: string;
  batchSize?: number;
  onProgress?: (progress: RewrapProgress) => void;
  /** Stops the run before the next row; rows already written stay written. */
  signal?: AbortSignal;
}

type Row = Record<string, string | null>;
type Outcome = "rewrapped" | "skipped" | RewrapFailure;

/** A row whose envelopes keep changing under us is left for the next run after this many tries. */
const MAX_ATTEMPTS = 3;

export async function rewrapAll({
  db,
  vault,
  toKeyId,
  batchSize = 100,
  onProgress,
  signal,
}: RewrapOptions): Promise<RewrapResult> {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError("batchSize must be a positive integer.");
  const result: RewrapResult = { rewrapped: 0, skipped: 0, failed: 0, failures: [], aborted: false };

  for (const spec of SEALED_TABLES) {
    const { total, current } = await countRows(db, spec, toKeyId);
    let done = current;
    result.skipped += current;
    let cursor: string | undefined;
    let reported = false;
    while (!result.aborted) {
      const batch = await selectBatch(db, spec, toKeyId, cursor, batchSize);
      if (batch.length === 0) break;
      for (const row of batch) {
        if (signal?.aborted) {
          result.aborted = true;
          break;
        }
        const outcome = await rewrapRow(db, vault, spec, toKeyId, row);
        if (outcome === "rewrapped") result.rewrapped++;
        else if (outcome === "skipped") result.skipped++;
        else {
          result.failed++;
          result.failures.push(outcome);
        }
        done++;
      }
      cursor = batch[batch.length - 1]?.id ?? undefined;
      onProgress?.({ table: spec.table, done, total: Math.max(total, done) });
      reported = true;
    }
    if (result.aborted) break;
    if (!reported) onProgress?.({ table: spec.table, done, total: Math.max(total, done) });
  }
  return result;
}

/**
 * The key new envelopes are wrapped with, as envelopes record it. For AWS that is the key ARN
 * even when `KMS_KEY_ID` is an alias, so it is asked of KMS rather than taken from the setting.
 */
export async function resolveTargetKeyId(kms: Kms): Promise<string> {
  const { plaintext, keyId } = await kms.generateDataKey({ purpose: "rewrap-target" });
  plaintext.fill(0);
  return keyId;
}

const sealedColumnNames = (spec: SealedTable) => spec.columns.map((c) => c.column);

/** What a row's re-wrap needs: its id, owner, envelopes and recorded key id. */
const selectedColumns = (spec: SealedTable) => [
  ...new Set([
    "id",
    spec.ownerColumn,
    ...sealedColumnNames(spec),
    ...(spec.keyIdColumn ? [spec.keyIdColumn] : []),
  ]),
];

/** Rows holding at least one sealed value. */
function withSecrets(spec: SealedTable) {
  return (q: Knex.QueryBuilder) => {
    q.where((w) => {
      for (const { column } of spec.columns) w.orWhereNotNull(column);
    });
  };
}

/**
 * Rows that may hold an envelope under another key. With a key-id column, that column (indexed)
 * speaks for the row's first envelope; any other envelope is checked by the key id its text names,
 * so a base URL left under an old key is not missed. Every envelope is parsed again before
 * anything is skipped or written, so this only has to be wide enough, never exact.
 */
function maybeStale(spec: SealedTable, toKeyId: string) {
  return (q: Knex.QueryBuilder) => {
    const keyIdColumn = spec.keyIdColumn;
    if (!keyIdColumn) return;
    q.where((w) => {
      w.whereNot(keyIdColumn, toKeyId);
      for (const { column } of spec.columns.slice(1)) {
        w.orWhere((o) => {
          o.whereNotNull(column).andWhereRaw(`?? not like ? escape '\\'`, [
            column,
            keyIdLikePattern(toKeyId),
          ]);
        });
      }
    });
  };
}

/** Envelopes are formatted with a fixed field order, so the key id appears exactly like this. */
function keyIdLikePattern(keyId: string): string {
  const literal = `"keyId":${JSON.stringify(keyId)},`.replace(/[\\%_[]/g, (c) => `\\${c}`);
  return `%${literal}%`;
}

async function countRows(db: Knex, spec: SealedTable, toKeyId: string) {
  const count = async (narrow: boolean) => {
    const q = db(spec.table).modify(withSecrets(spec));
    if (narrow) q.modify(maybeStale(spec, toKeyId));
    const row = await q.count({ n: "*" }).first();
    return Number(row?.n ?? 0);
  };
  const total = await count(false);
  // Without a key-id column every row is read and sorted out by parsing its envelope.
  const current = spec.keyIdColumn ? total - (await count(true)) : 0;
  return { total, current };
}

async function selectBatch(
  db: Knex,
  spec: SealedTable,
  toKeyId: string,
  cursor: string | undefined,
  size: number,
): Promise<Row[]> {
  // Keyset pagination: rows that fail stay stale, so "the next stale rows" would loop on them.
  const q = db(spec.table)
    .select(selectedColumns(spec))
    .modify(withSecrets(spec))
    .modify(maybeStale(spec, toKeyId));
  if (cursor !== undefined) q.where("id", ">", cursor);
  return q.orderBy("id").limit(size);
}

async function rewrapRow(
  db: Knex,
  vault: RewrapOptions["vault"],
  spec: SealedTable,
  toKeyId: string,
  first: Row,
): Promise<Outcome> {
  let row: Row | undefined = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!row) return "skipped"; // deleted meanwhile: nothing left to protect
    const id = String(row.id);
    const changes: Row = {};
    for (const { column, aadTable } of spec.columns) {
      const envelope = row[column];
      if (envelope === null || envelope === undefined) continue;
      const aad = { table: aadTable, rowId: id, ownerId: String(row[spec.ownerColumn]) };
      try {
        if (vault.keyIdOf(envelope) === toKeyId) continue;
        const rewrapped = await vault.rewrap(envelope, aad, toKeyId);
        // Proves the new envelope opens (and that the untouched ciphertext was intact) before it replaces the old one.
        await vault.open(rewrapped, aad);
        changes[column] = rewrapped;
      } catch (error) {
        if (isFatal(error)) throw error;
        return { table: spec.table, column, rowId: id, reason: (error as Error).message };
      }
    }
    if (spec.keyIdColumn) {
      const keyColumn = spec.columns[0]?.column as string;
      const sealed = changes[keyColumn] ?? row[keyColumn];
      const keyId = sealed ? vault.keyIdOf(sealed) : toKeyId;
      if (row[spec.keyIdColumn] !== keyId) changes[spec.keyIdColumn] = keyId;
    }
    if (Object.keys(changes).length === 0) return "skipped";

    const update = db(spec.table).where("id", id);
    for (const column of sealedColumnNames(spec)) {
      const seen = row[column];
      if (seen === null || seen === undefined) update.whereNull(column);
      else update.where(column, seen);
    }
    // One statement, so one small transaction per row; it matches only if no one wrote the row since we read it.
    const written = Number(await update.update(changes));
    if (written === 1) return "rewrapped";

    const [fresh] = await db(spec.table).select(selectedColumns(spec)).where("id", id);
    row = fresh as Row | undefined;
  }
  return {
    table: spec.table,
    column: sealedColumnNames(spec).join(","),
    rowId: String(first.id),
    reason: "The row kept changing while it was being re-wrapped; run rewrap-keys again.",
  };
}

/**
 * A row whose envelope cannot be opened (altered, moved, sealed by another KMS, or wrapped by a
 * key that is gone) is reported and left alone. KMS being unreachable is not the row's fault:
 * the run stops, and can be started again.
 */
function isFatal(error: unknown): boolean {
  if (error instanceof VaultError) return false;
  if (error instanceof KmsError) return error.code === "unavailable";
  return true;
}
