import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import pg from "pg";
import { describe } from "vitest";
import { createDatabase, redactUrl } from "../../src/db/connection.js";
import { migrateLatest } from "../../src/db/migrate.js";

/** A fresh database of its own, for one suite. */
export interface TestDatabase {
  readonly name: DatabaseName;
  readonly url: string;
  readonly knex: Knex;
  /** Closes the pool and deletes the database (file, or server-side database). */
  destroy(): Promise<void>;
}

export type DatabaseName = "sqlite" | "postgres" | "mssql";

export interface DatabaseTarget {
  readonly name: DatabaseName;
  /** A new, empty database, migrated to the latest schema unless `migrate: false`. */
  create(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

/**
 * PostgreSQL-backed suites skip on a machine without a server, but fail in CI:
 * CG_REQUIRE_POSTGRES=1 (or CI=true) turns "PostgreSQL unreachable" into an error, so a skip
 * never passes for green.
 */
export const postgresRequired = process.env.CG_REQUIRE_POSTGRES === "1" || process.env.CI === "true";

/** An account allowed to create databases; each suite gets a database of its own on that server. */
const postgresAdminUrl =
  process.env.PG_TEST_URL || "postgres://codeground:codeground@127.0.0.1:5432/postgres";
/** Set it to run every database suite against SQL Server too (a login allowed to create databases). */
const mssqlAdminUrl = process.env.MSSQL_TEST_URL || undefined;

const uniqueName = () => `cg_test_${randomBytes(6).toString("hex")}`;

const sqlite: DatabaseTarget = {
  name: "sqlite",
  async create(options) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cg-db-"));
    const url = `sqlite://${path.join(dir, "test.db")}`;
    return prepare("sqlite", url, options, async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });
  },
};

const postgres: DatabaseTarget = {
  name: "postgres",
  async create(options) {
    const database = uniqueName();
    await onPostgresServer(`CREATE DATABASE ${database}`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${database}`;
    return prepare("postgres", url.toString(), options, () => dropPostgresDatabase(database));
  },
};

const mssql: DatabaseTarget = {
  name: "mssql",
  async create(options) {
    const admin = mssqlAdminUrl as string;
    const database = uniqueName();
    await onMssqlServer(admin, `CREATE DATABASE [${database}]`);
    const url = new URL(admin);
    url.pathname = `/${database}`;
    return prepare("mssql", url.toString(), options, async () => {
      await onMssqlServer(
        admin,
        `ALTER DATABASE [${database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [${database}]`,
      );
    });
  },
};

async function prepare(
  name: DatabaseName,
  url: string,
  options: { migrate?: boolean } | undefined,
  remove: () => Promise<void>,
): Promise<TestDatabase> {
  const knex = createDatabase(url);
  const destroy = async () => {
    await knex.destroy();
    await remove();
  };
  if (options?.migrate ?? true) {
    try {
      await migrateLatest(knex);
    } catch (err) {
      await destroy();
      throw err;
    }
  }
  return { name, url, knex, destroy };
}

/**
 * Drops a test database, ending its connections. A server process the test role may not end (an
 * autovacuum worker that just started on the new database) makes the drop fail with 42501 for a
 * moment: try again for a few seconds rather than fail the suite.
 */
async function dropPostgresDatabase(database: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await onPostgresServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code !== "42501" && code !== "55006") || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function onPostgresServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function onMssqlServer(url: string, sql: string): Promise<void> {
  const knex = createDatabase(url);
  try {
    await knex.raw(sql);
  } finally {
    await knex.destroy();
  }
}

/** Why PostgreSQL cannot be used here, or undefined when it can. */
async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (err) {
    const e = err as { message?: string; code?: string };
    return `PostgreSQL at ${redactUrl(postgresAdminUrl)} is unreachable (${e.message || e.code || String(err)}); set PG_TEST_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresProblem = await postgresUnavailable();
if (postgresProblem && postgresRequired) {
  throw new Error(
    `${postgresProblem}. CI requires the PostgreSQL-backed tests (CG_REQUIRE_POSTGRES=1 or CI=true).`,
  );
}

/** Targets that cannot run here, and why. */
export const skippedDatabases: readonly { name: DatabaseName; reason: string }[] = postgresProblem
  ? [{ name: "postgres", reason: postgresProblem }]
  : [];
for (const { name, reason } of skippedDatabases)
  console.warn(`[databases] ${name} suites skipped: ${reason}`);

/**
 * Every database the suites can run against here, for `describe.each(databases)("… on $name", …)`:
 * SQLite always, PostgreSQL when reachable, SQL Server when MSSQL_TEST_URL is set.
 */
export const databases: readonly DatabaseTarget[] = [
  sqlite,
  ...(postgresProblem ? [] : [postgres]),
  ...(mssqlAdminUrl ? [mssql] : []),
];

/**
 * `describe` once per database, plus a skipped suite naming each database that cannot run here
 * and why, so the report shows what did not run.
 */
export function describeEachDatabase(title: string, fn: (target: DatabaseTarget) => void): void {
  for (const target of databases) describe(`${title} on ${target.name}`, () => fn(target));
  for (const { name, reason } of skippedDatabases) {
    describe.skip(`${title} on ${name} (skipped: ${reason})`, () =>
      fn(name === "postgres" ? postgres : mssql));
  }
}
