import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Knex } from "knex";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, defaultDatabaseUrl } from "../src/db/connection.js";
import { migrateLatest } from "../src/db/migrate.js";
import { createLocalKms, createVault, rotateLocalMasterKey, type Vault } from "../src/kms/index.js";
import { type RewrapProgress, rewrapAll } from "../src/services/vault/rewrap.js";
import { databases, type TestDatabase } from "./support/databases.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(packageDir, "..");

/** One sealed value as the test remembers it: where it lives and what it must still open to. */
interface Sealed {
  table: "api_keys" | "users" | "embeds";
  column: "secret" | "base_url" | "totp_secret" | "signing_secret";
  rowId: string;
  aad: { table: string; rowId: string; ownerId: string };
  plaintext: string;
}

const at = "2026-01-02T03:04:05.678Z";

/** Users with TOTP secrets, API keys (some with a base URL), embeds: every sealed column, as the services seal them. */
async function seedSealedRows(
  db: Knex,
  vault: Vault,
  counts = { users: 4, keysPerUser: 2, embeds: 2 },
): Promise<Sealed[]> {
  const sealed: Sealed[] = [];
  const seal = async (entry: Omit<Sealed, "plaintext">) => {
    const plaintext = `${entry.column}-${randomBytes(12).toString("base64url")}`;
    sealed.push({ ...entry, plaintext });
    return vault.seal(plaintext, entry.aad);
  };
  const users: string[] = [];
  for (let u = 0; u < counts.users; u++) {
    const id = randomUUID();
    users.push(id);
    const aad = { table: "users.totp_secret", rowId: id, ownerId: id };
    await db("users").insert({
      id,
      email: `u${u}-${id.slice(0, 8)}@example.test`,
      password_hash: "not-a-real-hash",
      totp_secret: await seal({ table: "users", column: "totp_secret", rowId: id, aad }),
      created_at: at,
      updated_at: at,
    });
    for (let k = 0; k < counts.keysPerUser; k++) {
      const keyId = randomUUID();
      const secret = await seal({
        table: "api_keys",
        column: "secret",
        rowId: keyId,
        aad: { table: "api_keys", rowId: keyId, ownerId: id },
      });
      const baseUrl =
        k % 2 === 0
          ? await seal({
              table: "api_keys",
              column: "base_url",
              rowId: keyId,
              aad: { table: "api_keys.base_url", rowId: keyId, ownerId: id },
            })
          : null;
      await db("api_keys").insert({
        id: keyId,
        user_id: id,
        name: `key ${k}`,
        provider: "openai",
        secret,
        base_url: baseUrl,
        kms_key_id: vault.keyIdOf(secret),
        last4: "abcd",
        fingerprint: "f".repeat(64),
        usage: "{}",
        created_at: at,
        updated_at: at,
      });
    }
  }
  for (let e = 0; e < counts.embeds; e++) {
    const id = randomUUID();
    const ownerId = users[e % users.length] as string;
    await db("embeds").insert({
      id,
      owner_id: ownerId,
      name: `embed ${e}`,
      publishable_key: `pk_${randomBytes(12).toString("hex")}`,
      secret_key_hash: randomBytes(32).toString("hex"),
      signing_secret: await seal({
        table: "embeds",
        column: "signing_secret",
        rowId: id,
        aad: { table: "embeds.signing_secret", rowId: id, ownerId },
      }),
      allowed_origins: "[]",
      features: "[]",
      created_at: at,
      updated_at: at,
    });
  }
  return sealed;
}

async function envelopeOf(db: Knex, s: Pick<Sealed, "table" | "column" | "rowId">): Promise<string> {
  const row = await db(s.table).select(s.column).where("id", s.rowId).first();
  return row[s.column];
}

/** The master key each sealed value is under now, read from the rows. */
async function keyIdsOf(db: Knex, vault: Vault, sealed: Sealed[]): Promise<string[]> {
  return Promise.all(sealed.map(async (s) => vault.keyIdOf(await envelopeOf(db, s))));
}

/** Opens every sealed value with a vault that has never seen a data key, and returns what came out. */
async function openAll(db: Knex, dir: string, sealed: Sealed[]): Promise<string[]> {
  const fresh = createVault(await createLocalKms({ dir }), { cacheTtlMs: 0 });
  return Promise.all(sealed.map(async (s) => fresh.open(await envelopeOf(db, s), s.aad)));
}

const rowsOf = (sealed: Sealed[]) => new Set(sealed.map((s) => `${s.table}:${s.rowId}`)).size;
const keyFile = (dir: string, keyId: string) => path.join(dir, `${keyId.replace(/^local:/, "")}.key`);

describe.each(databases)("rewrap-keys on $name", (target) => {
  let db: TestDatabase;
  let dir: string;
  let sealed: Sealed[];
  let keyA: string;
  let keyB: string;
  let vault: Vault;

  beforeAll(async () => {
    db = await target.create();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** Rows sealed under key A, then the master key rotated to B: the state `rewrap-keys` starts from. */
  beforeEach(async () => {
    for (const table of ["api_keys", "embeds", "users"]) await db.knex(table).delete();
    dir = await mkdtemp(path.join(os.tmpdir(), "cg-rewrap-kms-"));
    const kmsA = await createLocalKms({ dir });
    keyA = kmsA.currentKeyId;
    sealed = await seedSealedRows(db.knex, createVault(kmsA));
    keyB = (await rotateLocalMasterKey({ dir })).keyId;
    vault = createVault(await createLocalKms({ dir }));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("re-wraps every sealed column under the new key, after which the old key file can go", async () => {
    const before = await Promise.all(sealed.map((s) => envelopeOf(db.knex, s)));
    const progress: RewrapProgress[] = [];
    const result = await rewrapAll({
      db: db.knex,
      vault,
      toKeyId: keyB,
      batchSize: 3,
      onProgress: (p) => progress.push(p),
    });

    expect(result).toEqual({
      rewrapped: rowsOf(sealed),
      skipped: 0,
      failed: 0,
      failures: [],
      aborted: false,
    });
    expect(new Set(await keyIdsOf(db.knex, vault, sealed))).toEqual(new Set([keyB]));
    const kmsKeyIds = await db.knex("api_keys").distinct("kms_key_id");
    expect(kmsKeyIds.map((r) => r.kms_key_id)).toEqual([keyB]);
    // Only the wrapped data key changed; the ciphertext is the same bytes.
    const after = await Promise.all(sealed.map((s) => envelopeOf(db.knex, s)));
    expect(after.map((e) => JSON.parse(e).ciphertext)).toEqual(before.map((e) => JSON.parse(e).ciphertext));
    // Progress ends at total for each table, counting rows.
    const last = (table: string) => progress.filter((p) => p.table === table).at(-1);
    expect(last("api_keys")).toEqual({ table: "api_keys", done: 8, total: 8 });
    expect(last("users")).toEqual({ table: "users", done: 4, total: 4 });
    expect(last("embeds")).toEqual({ table: "embeds", done: 2, total: 2 });

    await unlink(keyFile(dir, keyA));
    expect(await openAll(db.knex, dir, sealed)).toEqual(sealed.map((s) => s.plaintext));

    const again = await rewrapAll({ db: db.knex, vault, toKeyId: keyB });
    expect(again).toMatchObject({ rewrapped: 0, skipped: rowsOf(sealed), failed: 0 });
  });

  it("stopped after the first batch, leaves every row readable and continues where it stopped", async () => {
    const stop = new AbortController();
    const first = await rewrapAll({
      db: db.knex,
      vault,
      toKeyId: keyB,
      batchSize: 3,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    expect(first).toMatchObject({ rewrapped: 3, failed: 0, aborted: true });
    const keys = await keyIdsOf(db.knex, vault, sealed);
    expect(keys).toContain(keyA);
    expect(keys).toContain(keyB);
    expect(await openAll(db.knex, dir, sealed)).toEqual(sealed.map((s) => s.plaintext));

    const second = await rewrapAll({ db: db.knex, vault, toKeyId: keyB, batchSize: 3 });
    expect(second).toMatchObject({ rewrapped: rowsOf(sealed) - 3, skipped: 3, failed: 0, aborted: false });
    expect(new Set(await keyIdsOf(db.knex, vault, sealed))).toEqual(new Set([keyB]));
    await unlink(keyFile(dir, keyA));
    expect(await openAll(db.knex, dir, sealed)).toEqual(sealed.map((s) => s.plaintext));
  });

  it("never overwrites a secret that changed between its read and its write", async () => {
    const victim = sealed.find((s) => s.table === "users") as Sealed;
    const replacement = "changed-by-the-user-meanwhile";
    let replaced = "";
    // The user re-enrols TOTP on a server that still wraps under key A, right while the run re-wraps the old secret.
    const racing: Vault = {
      ...vault,
      async rewrap(envelope, aad, toKeyId) {
        const out = await vault.rewrap(envelope, aad, toKeyId);
        if (aad.rowId === victim.rowId && !replaced) {
          replaced = await vault.rewrap(await vault.seal(replacement, aad), aad, keyA);
          await db.knex("users").where("id", victim.rowId).update({ totp_secret: replaced });
        }
        return out;
      },
    };

    const result = await rewrapAll({ db: db.knex, vault: racing, toKeyId: keyB });

    expect(result).toMatchObject({ rewrapped: rowsOf(sealed), failed: 0 });
    const stored = await envelopeOf(db.knex, victim);
    expect(vault.keyIdOf(stored)).toBe(keyB);
    expect(JSON.parse(stored).ciphertext).toBe(JSON.parse(replaced).ciphertext);
    await unlink(keyFile(dir, keyA));
    const expected = sealed.map((s) => (s === victim ? replacement : s.plaintext));
    expect(await openAll(db.knex, dir, sealed)).toEqual(expected);
  });

  it("reports envelopes it cannot open and leaves those rows exactly as they were", async () => {
    const [user1, user2] = sealed.filter((s) => s.table === "users") as [Sealed, Sealed];
    const apiKey = sealed.find((s) => s.table === "api_keys" && s.column === "secret") as Sealed;
    const embed = sealed.find((s) => s.table === "embeds") as Sealed;
    // A flipped ciphertext byte: the wrapped key still unwraps, so only opening the result notices.
    const flipped = JSON.parse(await envelopeOf(db.knex, user1));
    const bytes = Buffer.from(flipped.ciphertext, "base64");
    bytes[0] = (bytes[0] as number) ^ 1;
    flipped.ciphertext = bytes.toString("base64");
    const corrupt = {
      user: JSON.stringify(flipped),
      apiKey: "{ not an envelope",
      // Another row's envelope copied in: bound to that row, so it does not open here.
      embed: await envelopeOf(db.knex, user2),
    };
    await db.knex("users").where("id", user1.rowId).update({ totp_secret: corrupt.user });
    await db.knex("api_keys").where("id", apiKey.rowId).update({ secret: corrupt.apiKey });
    await db.knex("embeds").where("id", embed.rowId).update({ signing_secret: corrupt.embed });
    const apiKeyRowBefore = await db.knex("api_keys").where("id", apiKey.rowId).first();

    const result = await rewrapAll({ db: db.knex, vault, toKeyId: keyB, batchSize: 2 });

    expect(result.failed).toBe(3);
    expect(result.rewrapped).toBe(rowsOf(sealed) - 3);
    expect(result.failures.map((f) => `${f.table}.${f.column}:${f.rowId}`).sort()).toEqual(
      [
        `users.totp_secret:${user1.rowId}`,
        `api_keys.secret:${apiKey.rowId}`,
        `embeds.signing_secret:${embed.rowId}`,
      ].sort(),
    );
    for (const f of result.failures) expect(f.reason).not.toMatch(/ciphertext"|wrappedKey"/);
    expect(await envelopeOf(db.knex, user1)).toBe(corrupt.user);
    expect(await envelopeOf(db.knex, embed)).toBe(corrupt.embed);
    expect(await db.knex("api_keys").where("id", apiKey.rowId).first()).toEqual(apiKeyRowBefore);

    const healthy = sealed.filter((s) => ![user1, embed].includes(s) && s.rowId !== apiKey.rowId);
    expect(new Set(await keyIdsOf(db.knex, vault, healthy))).toEqual(new Set([keyB]));
    const again = await rewrapAll({ db: db.knex, vault, toKeyId: keyB });
    expect(again).toMatchObject({ rewrapped: 0, failed: 3 });
  });

  it("finds an API key whose base URL is still under the old key though kms_key_id names the new one", async () => {
    const baseUrl = sealed.find((s) => s.column === "base_url") as Sealed;
    const secret = sealed.find((s) => s.column === "secret" && s.rowId === baseUrl.rowId) as Sealed;
    // The secret was replaced after the rotation; the base URL was not touched.
    const newSecret = await vault.rewrap(await envelopeOf(db.knex, secret), secret.aad);
    await db.knex("api_keys").where("id", baseUrl.rowId).update({ secret: newSecret, kms_key_id: keyB });

    const result = await rewrapAll({ db: db.knex, vault, toKeyId: keyB });

    expect(result).toMatchObject({ rewrapped: rowsOf(sealed), failed: 0 });
    expect(new Set(await keyIdsOf(db.knex, vault, sealed))).toEqual(new Set([keyB]));
  });
});

describe("rewrap-keys CLI, killed half-way", () => {
  const cli = path.join(packageDir, "dist", "cli.js");
  let dataDir: string;
  let db: Knex;
  let sealed: Sealed[];
  let keyA: string;
  const env = () => {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      KMS_PROVIDER: "local",
      LOG_LEVEL: "silent",
    };
    delete e.DATABASE_URL;
    delete e.KMS_KEY_ID;
    return e;
  };
  const run = (...args: string[]) => {
    try {
      return {
        status: 0,
        stdout: execFileSync("node", [cli, ...args], { env: env(), encoding: "utf8", stdio: "pipe" }),
      };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      return { status: e.status, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    try {
      execFileSync("npx", ["tsc", "-b", "platform-api"], { cwd: repoRoot, stdio: "pipe" });
    } catch (error) {
      // A type error elsewhere still emits; only a missing build is fatal here.
      if (!existsSync(path.join(packageDir, "dist", "services", "rewrap.js"))) throw error;
    }
    dataDir = await mkdtemp(path.join(os.tmpdir(), "cg-rewrap-cli-"));
    db = createDatabase(defaultDatabaseUrl(dataDir));
    await migrateLatest(db);
    const kms = await createLocalKms({ dir: path.join(dataDir, "kms") });
    keyA = kms.currentKeyId;
    // 50 rows: 10 users, 30 API keys, 10 embeds.
    sealed = await seedSealedRows(db, createVault(kms), { users: 10, keysPerUser: 3, embeds: 10 });
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("rotates the local master key and prints the new key id", async () => {
    const { status, stdout } = run("rotate-master-key");
    expect(status).toBe(0);
    const current = (await readFile(path.join(dataDir, "kms", "current"), "utf8")).trim();
    expect(current).not.toBe(keyA);
    expect(stdout).toContain(`new master key ${current}`);
  });

  it("loses nothing when SIGKILLed after its first progress line, and a second run finishes", async () => {
    const child: ChildProcess = spawn("node", [cli, "rewrap-keys", "--batch", "2"], { env: env() });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/^\w+: \d+\/\d+$/m.test(output)) child.kill("SIGKILL");
    });
    const signal = await new Promise((resolve) => child.once("exit", (_code, sig) => resolve(sig)));
    expect(signal).toBe("SIGKILL");
    const kmsDir = path.join(dataDir, "kms");
    expect(await openAll(db, kmsDir, sealed)).toEqual(sealed.map((s) => s.plaintext));

    // The first batch was committed before its progress line was printed; the rest is a race it usually loses.
    const current = (await readFile(path.join(kmsDir, "current"), "utf8")).trim();
    const vault = createVault(await createLocalKms({ dir: kmsDir }));
    const halfway = await keyIdsOf(db, vault, sealed);
    expect(halfway.filter((k) => k === current).length).toBeGreaterThanOrEqual(2);
    expect(halfway.every((k) => k === current || k === keyA)).toBe(true);

    const { status, stdout } = run("rewrap-keys", "--batch", "2");
    expect(status).toBe(0);
    expect(stdout).toMatch(/re-wrapped, \d+ already current, 0 failed/);
    expect(new Set(await keyIdsOf(db, vault, sealed))).toEqual(new Set([current]));
    await unlink(keyFile(kmsDir, keyA));
    expect(await openAll(db, kmsDir, sealed)).toEqual(sealed.map((s) => s.plaintext));
  });

  it("exits 1 and names the row when an envelope cannot be opened", async () => {
    const victim = sealed.find((s) => s.table === "embeds") as Sealed;
    await db("embeds").where("id", victim.rowId).update({ signing_secret: "tampered" });
    await rotateLocalMasterKey({ dir: path.join(dataDir, "kms") });
    const { status, stderr } = run("rewrap-keys");
    expect(status).toBe(1);
    expect(stderr).toContain(`embeds.signing_secret row ${victim.rowId}`);
    expect(await envelopeOf(db, victim)).toBe("tampered");
  });
});
