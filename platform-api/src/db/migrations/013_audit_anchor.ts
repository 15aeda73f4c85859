import type { Knex } from "knex";

export const name = "013_audit_anchor";

/**
 * The audit chain's tail, kept apart from the rows: how many entries were ever appended and the
 * last one's hash, with an HMAC under the audit key. The hash chain shows a row edited or deleted
 * in the middle; this shows rows cut off the end, which a chain alone cannot. The row is created
 * here with no `mac`; the server's next start (or the next entry) anchors the chain as it is then.
 * A missing anchor row is never recreated: it reads as tampering.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("audit_anchor", (t) => {
    t.integer("id").primary();
    t.bigInteger("entries").notNullable();
    t.integer("last_id").notNullable();
    t.string("last_hash", 64).notNullable();
    t.string("mac", 64).nullable();
    t.string("updated_at", 30).notNullable();
  });
  const last = await knex("audit_log").select("id", "hash").orderBy("id", "desc").first();
  const counted = await knex("audit_log").count({ n: "*" }).first();
  await knex("audit_anchor").insert({
    id: 1,
    entries: Number(counted?.n ?? 0),
    last_id: last?.id ?? 0,
    last_hash: last?.hash ?? "0".repeat(64),
    mac: null,
    updated_at: new Date().toISOString(),
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("audit_anchor");
}
