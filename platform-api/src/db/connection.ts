import fs from "node:fs";
import path from "node:path";
import knex, { type Knex } from "knex";

/** Schemes `DATABASE_URL` accepts, named as an operator would write them. */
const supportedSchemes = "sqlite://<path>, sqlite::memory:, postgres://…, postgresql://… or mssql://…";

/** The SQLite file database in `dataDir`, created (mode 0700) when missing: the embedded default. */
export function defaultDatabaseUrl(dataDir: string): string {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return `sqlite://${path.join(dir, "codeground.db")}`;
}

/** Builds the knex configuration for a database URL; throws a readable error for an unknown scheme. */
export function knexConfigFromUrl(url: string): Knex.Config {
  if (url.startsWith("sqlite:")) return sqliteConfig(url);
  const scheme = url.slice(0, url.indexOf(":") + 1).toLowerCase();
  if (scheme === "postgres:" || scheme === "postgresql:") return postgresConfig(url);
  if (scheme === "mssql:") return mssqlConfig(url);
  const shown = /^[a-z][a-z0-9+.-]*:$/i.test(scheme) ? `"${scheme}"` : "(none)";
  throw new Error(`DATABASE_URL has an unsupported scheme ${shown}; use ${supportedSchemes}.`);
}

/** Opens a connection pool for a database URL (nothing connects until the first query). */
export function createDatabase(url: string): Knex {
  return knex(knexConfigFromUrl(url));
}

/** The URL with its password (and any password-like query parameter) replaced, fit for a log line. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Unparseable: hide anything between "//" and "@" rather than risk echoing a password.
    return url.replace(/\/\/[^/@]*@/, "//***@");
  }
  if (parsed.password) parsed.password = "***";
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|pwd|secret|token/i.test(key)) parsed.searchParams.set(key, "***");
  }
  return parsed.toString();
}

function sqliteConfig(url: string): Knex.Config {
  const filename = sqliteFilename(url);
  const inMemory = filename === ":memory:";
  return {
    client: "better-sqlite3",
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      // One connection: SQLite serialises writers anyway, and an in-memory database exists per connection.
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        try {
          conn.pragma("foreign_keys = ON");
          cachePreparedStatements(conn);
          // Wait for another process's write (a CLI migration, say) instead of failing at once.
          conn.pragma("busy_timeout = 5000");
          if (!inMemory) {
            conn.pragma("journal_mode = WAL");
            // In WAL mode NORMAL never corrupts the file; a power cut may lose the last commits only.
            conn.pragma("synchronous = NORMAL");
          }
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  };
}

interface SqliteConnection {
  pragma(source: string): unknown;
  prepare(sql: string): unknown;
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * knex prepares every query anew, and with better-sqlite3 preparing costs as much as running
 * a small query. The same few hundred SQL texts recur, so keep their prepared statements.
 */
function cachePreparedStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    }
    return statement;
  };
}

function sqliteFilename(url: string): string {
  const rest = url.startsWith("sqlite://") ? url.slice("sqlite://".length) : url.slice("sqlite:".length);
  if (!rest) throw new Error("DATABASE_URL sqlite:// needs a file path, e.g. sqlite://./data/codeground.db");
  return rest;
}

function postgresConfig(url: string): Knex.Config {
  return {
    client: "pg",
    // pg parses the URL itself, including sslmode and friends.
    connection: { connectionString: url },
    pool: { min: 0, max: 10 },
  };
}

function mssqlConfig(url: string): Knex.Config {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      "DATABASE_URL is not a valid mssql:// URL; expected mssql://user:password@host:port/database",
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!parsed.hostname || !database) {
    throw new Error(
      "DATABASE_URL mssql:// needs a host and a database: mssql://user:password@host:port/database",
    );
  }
  const flag = (name: string, fallback: boolean): boolean => {
    const value = parsed.searchParams.get(name);
    if (value === null) return fallback;
    if (/^(true|1|yes)$/i.test(value)) return true;
    if (/^(false|0|no)$/i.test(value)) return false;
    throw new Error(`DATABASE_URL parameter ${name} must be true or false`);
  };
  return {
    client: "mssql",
    connection: {
      server: parsed.hostname.replace(/^\[|\]$/g, ""),
      port: parsed.port ? Number(parsed.port) : 1433,
      userName: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database,
      options: {
        // Encrypted unless the operator opts out: credentials and secrets' ciphertext cross this link.
        encrypt: flag("encrypt", true),
        trustServerCertificate: flag("trustServerCertificate", false),
      },
    },
    pool: { min: 0, max: 10 },
  };
}
