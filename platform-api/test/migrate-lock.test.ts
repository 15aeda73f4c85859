import type { Knex } from "knex";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabase } from "../src/db/connection.js";
import {
  latestRetryingWhileLocked,
  migrateLatest,
  POSTGRES_MIGRATION_LOCK,
  pendingMigrations,
} from "../src/db/migrate.js";
import { migrations } from "../src/db/migrations/index.js";
import { databases, type TestDatabase } from "./support/databases.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function fresh(name: "postgres" | "sqlite"): Promise<TestDatabase> {
  const target = databases.find((d) => d.name === name);
  if (!target) throw new Error(`no ${name} test database`);
  const db = await target.create({ migrate: false });
  cleanup.push(() => db.destroy());
  return db;
}

/** Another pool on the same database, as another API instance would open. */
function instance(db: TestDatabase): Knex {
  const knex = createDatabase(db.url);
  cleanup.push(() => knex.destroy());
  return knex;
}

async function advisoryLocksHeld(knex: Knex): Promise<number> {
  const row = await knex("pg_locks")
    .where({ locktype: "advisory", objid: POSTGRES_MIGRATION_LOCK, granted: true })
    .count({ n: "*" })
    .first();
  return Number(row?.n);
}

const postgresHere = databases.some((d) => d.name === "postgres");

describe.skipIf(!postgresHere)("migrations started by several instances at once on PostgreSQL", () => {
  it("three instances migrating a fresh database at once all succeed, and the schema is migrated once", async () => {
    const db = await fresh("postgres");
    const knexes = [db.knex, instance(db), instance(db)];
    const runs = await Promise.all(knexes.map((knex) => migrateLatest(knex)));

    const ran = runs.filter(([, names]) => names.length > 0);
    expect(ran).toHaveLength(1);
    expect(ran[0]?.[1]).toEqual(migrations.map((m) => m.name));
    for (const [, names] of runs.filter((r) => r !== ran[0])) expect(names).toEqual([]);
    const rows = await db.knex("knex_migrations").select("name", "batch");
    expect(rows.map((r) => r.name).sort()).toEqual(migrations.map((m) => m.name).sort());
    expect(new Set(rows.map((r) => r.batch))).toEqual(new Set([1]));
    for (const knex of knexes) expect(await pendingMigrations(knex)).toEqual([]);
    expect(await advisoryLocksHeld(db.knex)).toBe(0);
  });

  it("gives the lock back when a migration fails, so the next start is not stuck behind it", async () => {
    const db = await fresh("postgres");
    // A table in the way makes the first migration fail.
    await db.knex.schema.createTable("users", (t) => t.string("id"));
    await expect(migrateLatest(db.knex)).rejects.toThrow(/users/);
    expect(await advisoryLocksHeld(db.knex)).toBe(0);

    await db.knex.schema.dropTable("users");
    const other = instance(db);
    const [, names] = await migrateLatest(other);
    expect(names).toHaveLength(migrations.length);
  });
});

describe.skipIf(!postgresHere)("a migration lock row left by a killed instance on PostgreSQL", () => {
  it("is cleared by the next start, which holds the advisory lock and so knows nobody migrates", async () => {
    const db = await fresh("postgres");
    await migrateLatest(db.knex);
    // An instance killed between knex setting its lock row and clearing it.
    await db.knex("knex_migrations_lock").update({ is_locked: 1 });
    const other = instance(db);
    await expect(migrateLatest(other)).resolves.toEqual([expect.any(Number), []]);
    const rows = await db.knex("knex_migrations_lock").select("is_locked");
    expect(rows.map((r) => Number(r.is_locked))).toEqual([0]);
  });
});

describe("migrations on SQL Server's path (knex's lock row, tried again)", () => {
  it("waits for knex's lock row to be cleared, and gives up after a bounded wait", async () => {
    const db = await fresh("sqlite");
    // knex makes its tables and lock row on first look; then another instance "holds" the lock.
    await pendingMigrations(db.knex);
    await db.knex("knex_migrations_lock").update({ is_locked: 1 });
    const started = Date.now();
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        void db
          .knex("knex_migrations_lock")
          .update({ is_locked: 0 })
          .then(() => resolve());
      }, 300),
    );
    const [, names] = await latestRetryingWhileLocked(db.knex, { firstDelayMs: 50, maxDelayMs: 200 });
    await released;
    expect(names).toHaveLength(migrations.length);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);

    await db.knex("knex_migrations_lock").update({ is_locked: 1 });
    const before = Date.now();
    await expect(
      latestRetryingWhileLocked(db.knex, { attempts: 4, firstDelayMs: 50, maxDelayMs: 100 }),
    ).rejects.toThrow(/Migration table is already locked/);
    // Three pauses: 50 + 100 + 100 ms.
    expect(Date.now() - before).toBeGreaterThanOrEqual(250);
  });
});

describe("migrateLatest on SQLite", () => {
  it("migrates as before, once", async () => {
    const db = await fresh("sqlite");
    const [batch, names] = await migrateLatest(db.knex);
    expect(batch).toBe(1);
    expect(names).toEqual(migrations.map((m) => m.name));
    expect((await migrateLatest(db.knex))[1]).toEqual([]);
  });
});
