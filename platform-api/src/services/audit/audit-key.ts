import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import { iso, systemClock } from "../shared/clock.js";
import type { SecretBox } from "../vault/secret-box.js";

const ID = "audit-chain";
const context = { table: "system_secrets", rowId: ID, ownerId: "system" };

/**
 * The audit chain's HMAC key: made once, kept sealed in `system_secrets`, opened through the KMS.
 * Without it, someone who edits a row cannot recompute a chain that verifies.
 */
export async function loadAuditKey(db: Knex, secrets: SecretBox): Promise<Buffer> {
  let row = await db("system_secrets").where({ id: ID }).first();
  if (!row) {
    const value = await secrets.seal(randomBytes(32).toString("base64"), context);
    // Two instances starting together: the first insert wins and both read it back.
    await db("system_secrets")
      .insert({ id: ID, owner: "system", value, created_at: iso(systemClock.now()) })
      .catch(() => undefined);
    row = await db("system_secrets").where({ id: ID }).first();
    if (!row) throw new Error("could not store the audit chain key");
  }
  return Buffer.from(await secrets.open(row.value, context), "base64");
}
