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

/** Brings the schema up to date; a no-op when it already is. */
export async function migrateLatest(knex: Knex): Promise<MigrationRun> {
  return (await knex.migrate.latest({ migrationSource })) as MigrationRun;
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
