import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, defaultDatabaseUrl, knexConfigFromUrl, redactUrl } from "../src/db/connection.js";
import { migrateLatest } from "../src/db/migrate.js";

const scratch: string[] = [];
async function scratchDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cg-db-conn-"));
  scratch.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of scratch) await fs.rm(dir, { recursive: true, force: true });
});

interface MssqlConnection {
  server: string;
  port: number;
  userName: string;
  password: string;
  database: string;
  options: { encrypt: boolean; trustServerCertificate: boolean };
}
const mssqlConnection = (url: string) => knexConfigFromUrl(url).connection as MssqlConnection;

describe("database URLs", () => {
  it("open a SQLite file with foreign keys on and a write-ahead log", async () => {
    const dir = await scratchDir();
    const db = createDatabase(`sqlite://${path.join(dir, "app.db")}`);
    try {
      expect(db.client.config).toMatchObject({ client: "better-sqlite3", useNullAsDefault: true });
      expect(await db.raw("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
      expect(await db.raw("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    } finally {
      await db.destroy();
    }
  });

  it("open an in-memory SQLite database that keeps its tables between queries", async () => {
    const db = createDatabase("sqlite::memory:");
    try {
      await migrateLatest(db);
      expect(await db.schema.hasTable("users")).toBe(true);
      expect(await db.raw("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  it("default to a SQLite file in the data folder, creating the folder private to its owner", async () => {
    const dir = path.join(await scratchDir(), "nested", "data");
    const url = defaultDatabaseUrl(dir);
    expect(url).toBe(`sqlite://${path.join(dir, "codeground.db")}`);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    const db = createDatabase(url);
    try {
      await migrateLatest(db);
      expect((await fs.stat(path.join(dir, "codeground.db"))).isFile()).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it("resolve a relative data folder, so a later change of directory does not move the database", () => {
    const url = defaultDatabaseUrl(path.relative(process.cwd(), path.join(os.tmpdir(), "cg-db-relative")));
    scratch.push(path.join(os.tmpdir(), "cg-db-relative"));
    expect(url).toBe(`sqlite://${path.join(os.tmpdir(), "cg-db-relative", "codeground.db")}`);
  });

  it("hand postgres:// and postgresql:// URLs to pg whole", () => {
    for (const url of ["postgres://u:p@db:5432/app?sslmode=require", "postgresql://u:p@db/app"]) {
      expect(knexConfigFromUrl(url)).toMatchObject({ client: "pg", connection: { connectionString: url } });
    }
  });

  it("parse an mssql:// URL into a connection that encrypts by default", () => {
    expect(knexConfigFromUrl("mssql://sa:S3cret%40x@sql.internal:14330/codeground").client).toBe("mssql");
    expect(mssqlConnection("mssql://sa:S3cret%40x@sql.internal:14330/codeground")).toEqual({
      server: "sql.internal",
      port: 14330,
      userName: "sa",
      password: "S3cret@x",
      database: "codeground",
      options: { encrypt: true, trustServerCertificate: false },
    });
    expect(mssqlConnection("mssql://sa:x@sql/db").port).toBe(1433);
    expect(mssqlConnection("mssql://sa:x@sql/db?encrypt=false").options.encrypt).toBe(false);
    expect(mssqlConnection("mssql://sa:x@sql/db?trustServerCertificate=true").options).toEqual({
      encrypt: true,
      trustServerCertificate: true,
    });
  });

  it("carry any user name and password through an mssql:// URL unchanged", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (user, password) => {
        const url = `mssql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@db.example:1433/app`;
        const connection = mssqlConnection(url);
        expect(connection.userName).toBe(user);
        expect(connection.password).toBe(password);
      }),
    );
  });

  it("refuse a malformed mssql:// URL or flag with a message saying what is expected", () => {
    expect(() => knexConfigFromUrl("mssql://sa:x@sql")).toThrow(
      /mssql:\/\/user:password@host:port\/database/,
    );
    expect(() => knexConfigFromUrl("mssql://sa:x@sql/db?encrypt=maybe")).toThrow(
      /encrypt must be true or false/,
    );
  });

  it("refuse an unsupported scheme by name, without echoing the URL's password", () => {
    for (const url of ["mysql://root:hunter2@db/app", "hunter2", "sqlite://", "  "]) {
      let message = "";
      try {
        knexConfigFromUrl(url);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, url).toMatch(/DATABASE_URL/);
      expect(message).not.toContain("hunter2");
    }
    expect(() => knexConfigFromUrl("mysql://root:hunter2@db/app")).toThrow(/unsupported scheme "mysql:"/);
  });
});

describe("redactUrl", () => {
  it("replace the password and password-like parameters, keeping the rest for the log", () => {
    expect(redactUrl("postgres://app:hunter2@db:5432/codeground")).toBe(
      "postgres://app:***@db:5432/codeground",
    );
    expect(redactUrl("mssql://sa:hunter2@sql/db?encrypt=false")).toBe("mssql://sa:***@sql/db?encrypt=false");
    expect(redactUrl("postgres://db/app?user=app&password=hunter2")).toBe(
      "postgres://db/app?user=app&password=***",
    );
    expect(redactUrl("sqlite:///var/lib/codeground/codeground.db")).toBe(
      "sqlite:///var/lib/codeground/codeground.db",
    );
    expect(redactUrl("postgres://app@db/codeground")).toBe("postgres://app@db/codeground");
  });

  it("never lets a password through, whatever it contains", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (password) => {
        const encoded = encodeURIComponent(password);
        const redacted = redactUrl(`postgres://app:${encoded}@db.example:5432/codeground`);
        expect(redacted).toBe("postgres://app:***@db.example:5432/codeground");
      }),
    );
  });

  it("hide the credentials of a URL it cannot parse", () => {
    expect(redactUrl("postgres://app:hunter2@[bad/db")).not.toContain("hunter2");
  });
});
