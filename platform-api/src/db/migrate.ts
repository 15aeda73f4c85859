import type { Knex } from "knex";
import { type Migration, migrations } from "./migrations/index.js";

/**
 * The migrations as imported modules rather than files found by globbing, so they run the same
 * from `src` under vitest and from `dist` in production.
 */
export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...migrations],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

/** knex's answer: the batch number (0 when nothing ran) and the migrations' names, in run order. */
export type MigrationRun = [batch: number, migrations: string[]];

/**
 * Brings the schema up to date; a no-op when it already is. Safe when several API instances
 * start at once: on PostgreSQL they queue on an advisory lock, on SQL Server a run that finds
 * the migration table locked tries again; SQLite runs in one process at a time already.
 */
export async function migrateLatest(knex: Knex): Promise<MigrationRun> {
  if (knex.client.dialect === "postgresql")
    return withPostgresMigrationLock(knex, async () => {
      // Holding the advisory lock, no other instance is migrating: a set knex lock row is one an
      // instance killed mid-migration left, which would stop every start until cleared by hand.
      if (await knex.schema.hasTable("knex_migrations_lock")) {
        await knex("knex_migrations_lock").update({ is_locked: 0 });
      }
      return latest(knex);
    });
  if (knex.client.dialect === "mssql") return latestRetryingWhileLocked(knex);
  return latest(knex);
}

async function latest(knex: Knex): Promise<MigrationRun> {
  return (await knex.migrate.latest({ migrationSource })) as MigrationRun;
}

/** The advisory lock key migrations hold on PostgreSQL: any constant, this one spells "CGMI". */
export const POSTGRES_MIGRATION_LOCK = 0x43474d49;

/**
 * knex's own lock (a row in `knex_migrations_lock`) makes a second instance fail at once rather
 * than wait, and two instances on a fresh database race to create knex's tables. So the whole
 * run holds a session-level advisory lock, taken on a connection of its own (outside the pool
 * the migrations use) and given back after, also on failure; closing that connection would
 * give it back too, should the unlock itself fail. The instances after the first find nothing
 * left to do.
 */
async function withPostgresMigrationLock<T>(knex: Knex, run: () => Promise<T>): Promise<T> {
  const connection = await knex.client.acquireRawConnection();
  try {
    await knex.raw("select pg_advisory_lock(?)", [POSTGRES_MIGRATION_LOCK]).connection(connection);
    try {
      return await run();
    } finally {
      await knex.raw("select pg_advisory_unlock(?)", [POSTGRES_MIGRATION_LOCK]).connection(connection);
    }
  } finally {
    await knex.client.destroyRawConnection(connection);
  }
}

/** knex's answers when another instance is migrating: its lock row is set, or it made knex's table first. */
const MIGRATING_ELSEWHERE = /Migration table is already locked|already an object named 'knex_migrations/;

/**
 * On SQL Server: another instance is migrating when knex finds its lock row set; try again after
 * a growing pause (0.25 s doubling to 2 s, about 10 s in all), then give up with knex's error.
 */
export async function latestRetryingWhileLocked(
  knex: Knex,
  { attempts = 8, firstDelayMs = 250, maxDelayMs = 2000 } = {},
): Promise<MigrationRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await latest(knex);
    } catch (error) {
      if (attempt >= attempts || !MIGRATING_ELSEWHERE.test((error as Error).message)) throw error;
      const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Undoes every migration (every table is dropped): for tests and a deliberate reset. */
export async function migrateRollbackAll(knex: Knex): Promise<MigrationRun> {
  return (await knex.migrate.rollback({ migrationSource }, true)) as MigrationRun;
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const [, pending] = (await knex.migrate.list({ migrationSource })) as [unknown[], Migration[]];
  return pending.map((migration) => migration.name);
}
