import type { Knex } from "knex";

/**
 * Secrets seen during a test run, harvested from what crosses the API: passwords and key
 * secrets sent, tokens, TOTP secrets and recovery codes received. Suites check at the end
 * that none of them reached a log line or a database row in plaintext.
 */
export const seenSecrets = new Set<string>();

const secretFields = new Set([
  "password",
  "secret",
  "token",
  "mfaToken",
  "recoveryCodes",
  // An embed's secret key (shown once) and the learner tokens host sites sign with it.
  "secretKey",
  "learnerToken",
]);

export function harvestSecrets(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) harvestSecrets(item);
    return;
  }
  if (!value || typeof value !== "object") return;
  for (const [key, field] of Object.entries(value)) {
    if (secretFields.has(key)) {
      for (const s of Array.isArray(field) ? field : [field]) {
        if (typeof s === "string" && s.length >= 8) seenSecrets.add(s);
      }
    } else {
      harvestSecrets(field);
    }
  }
}

async function tableNames(db: Knex): Promise<string[]> {
  const client = String(db.client.config.client);
  if (client.includes("sqlite")) {
    const rows = await db("sqlite_master").where({ type: "table" }).select("name");
    return rows.map((r) => r.name).filter((n) => !n.startsWith("sqlite_"));
  }
  const rows = await db("information_schema.tables")
    .where({ table_schema: client === "mssql" ? "dbo" : "public", table_type: "BASE TABLE" })
    .select("table_name as name");
  return rows.map((r) => r.name);
}

/** Every secret seen so far that appears in the logs or in any row of any table. */
export async function findLeaks(db: Knex, logs: string[]): Promise<string[]> {
  const haystacks = [logs.join("\n")];
  for (const table of await tableNames(db)) haystacks.push(JSON.stringify(await db(table).select()));
  return [...seenSecrets].filter((secret) => haystacks.some((h) => h.includes(secret)));
}
