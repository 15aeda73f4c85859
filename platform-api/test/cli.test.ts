import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../src/db/connection.js";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");
const cli = path.join(repo, "platform-api/dist/cli.js");

/** platform-api/README.md, "Master keys from a file": DATA_DIR/kms's keys as a key list, current first. */
const EXPORT_KEYS = `cd "$DATA_DIR/kms" && umask 077
hex() { od -An -v -tx1 "$1" | tr -d ' \\n'; echo; }
current="$(cut -d: -f2 current).key"
{ hex "$current"; for f in *.key; do [ "$f" = "$current" ] || hex "$f"; done; } > ../master-keys`;

describe("the codeground-api CLI", () => {
  let dataDir: string;
  const env = () => ({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: `sqlite://${dataDir}/cli.db` });
  const api = (...args: string[]) => run(process.execPath, [cli, ...args], { env: env() });

  beforeAll(async () => {
    await run("npx", ["tsc", "-b", "platform-api"], { cwd: repo });
    dataDir = await mkdtemp(path.join(os.tmpdir(), "cg-cli-"));
  }, 120_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("migrates, then says the database is up to date", async () => {
    expect((await api("migrate")).stdout).toMatch(/applied \d+ migration/);
    expect((await api("migrate")).stdout).toContain("already up to date");
  });

  it("creates an admin, refuses weak input, and records it in the audit log", async () => {
    const weak = await api("create-admin", "--email", "root@example.com", "--password", "short").catch(
      (e) => e,
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain("at least 10 characters");
    const ok = await api(
      "create-admin",
      "--email",
      "Root@Example.com",
      "--password",
      "a long admin passphrase",
    );
    expect(ok.stdout).toContain("created admin root@example.com");
    expect(ok.stdout + ok.stderr).not.toContain("a long admin passphrase");
    const db = createDatabase(`sqlite://${dataDir}/cli.db`);
    try {
      const user = await db("users").where({ email: "root@example.com" }).first();
      expect(user.role).toBe("admin");
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      expect(await db("audit_log").where({ action: "admin.created" })).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });

  it("makes a disabled account an enabled admin again: the way back in", async () => {
    const db = createDatabase(`sqlite://${dataDir}/cli.db`);
    try {
      await db("users")
        .where({ email: "root@example.com" })
        .update({ disabled_at: "2026-01-01T00:00:00.000Z" });
      const ok = await api(
        "create-admin",
        "--email",
        "root@example.com",
        "--password",
        "another admin passphrase",
      );
      expect(ok.stdout).toContain("updated admin root@example.com");
      const user = await db("users").where({ email: "root@example.com" }).first();
      expect(user).toMatchObject({ role: "admin", disabled_at: null });
    } finally {
      await db.destroy();
    }
  });

  it("rotates the LTI tool key: a new current key, one previous kept, no key material printed", async () => {
    const first = await api("rotate-lti-key");
    expect(first.stdout).toMatch(/^new LTI tool key cg-\S+\n$/);
    const second = await api("rotate-lti-key");
    const third = await api("rotate-lti-key");
    for (const out of [first, second, third]) expect(out.stdout + out.stderr).not.toMatch(/PRIVATE|BEGIN/);
    const kid = (out: { stdout: string }) => /new LTI tool key (\S+)/.exec(out.stdout)?.[1];
    expect(third.stdout).toContain(`the previous key ${kid(second)} stays published`);
    const db = createDatabase(`sqlite://${dataDir}/cli.db`);
    try {
      const rows = await db("lti_tool_keys").orderBy("created_at");
      expect(rows.map((r) => r.id).sort()).toEqual([kid(second), kid(third)].sort());
      expect(rows.find((r) => r.id === kid(third))?.retired_at).toBeNull();
      expect(rows.find((r) => r.id === kid(second))?.retired_at).toBeTruthy();
      for (const row of rows) expect(row.private_key).not.toMatch(/PRIVATE|BEGIN/);
      expect(await db("audit_log").where({ action: "lti.tool_key_rotated" })).toHaveLength(3);
    } finally {
      await db.destroy();
    }
  });

  it("moves local master keys from DATA_DIR/kms into KMS_MASTER_KEY_FILE as the README says, then rotates by the list", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cg-cli-keys-"));
    try {
      const before = { ...process.env, DATA_DIR: dir, DATABASE_URL: `sqlite://${dir}/cli.db` };
      const as = (env: NodeJS.ProcessEnv, ...args: string[]) =>
        run(process.execPath, [cli, ...args], { env }).catch(
          (e) => e as { code: number; stdout: string; stderr: string },
        );
      await as(
        before,
        "create-admin",
        "--email",
        "keys@example.com",
        "--password",
        "a long admin passphrase",
      );
      // The recipe from the README, word for word.
      await run("sh", ["-c", EXPORT_KEYS], { env: before });
      const exported = await readFile(path.join(dir, "master-keys"), "utf8");
      expect(exported).toMatch(/^[0-9a-f]{64}\n$/);
      expect((await stat(path.join(dir, "master-keys"))).mode & 0o077).toBe(0);

      const newKey = randomBytes(32).toString("hex");
      const list = path.join(dir, "master-keys-v2");
      await writeFile(list, `${newKey}\n${exported}`, { mode: 0o400 });
      const after = { ...before, KMS_MASTER_KEY_FILE: list };
      const newKeyId = `local:${createHash("sha256").update(Buffer.from(newKey, "hex")).digest("hex").slice(0, 16)}`;

      const outputs = [await as(after, "verify-audit")];
      expect(outputs[0]?.stdout).toMatch(/audit log intact: \d+ row/);
      const rotate = await as(after, "rotate-master-key");
      outputs.push(rotate);
      expect(rotate.code).toBe(2);
      expect(rotate.stderr).toMatch(/with KMS_MASTER_KEY_FILE, put a new key .* on the file's first line/);
      const rewrap = await as(after, "rewrap-keys");
      outputs.push(rewrap);
      expect(rewrap.stdout).toContain(`re-wrapping stored secrets under ${newKeyId}`);
      expect(rewrap.stdout).toMatch(/[1-9]\d* re-wrapped, \d+ already current, 0 failed/);

      // Everything re-wrapped: the old key may leave the list.
      const only = path.join(dir, "master-keys-v3");
      await writeFile(only, `${newKey}\n`, { mode: 0o400 });
      const last = await as({ ...before, KMS_MASTER_KEY_FILE: only }, "verify-audit");
      outputs.push(last);
      expect(last.stdout).toMatch(/audit log intact: \d+ row/);
      for (const out of outputs) {
        expect(out.stdout + out.stderr).not.toContain(newKey);
        expect(out.stdout + out.stderr).not.toContain(exported.trim());
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("verifies the audit chain, and exits 1 naming the row once a row is edited", async () => {
    expect((await api("verify-audit")).stdout).toMatch(/audit log intact: \d+ row/);
    const db = createDatabase(`sqlite://${dataDir}/cli.db`);
    try {
      await db("audit_log").update({ action: "admin.nothing" });
    } finally {
      await db.destroy();
    }
    const broken = await api("verify-audit").catch((e) => e);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/audit log broken at row \d+/);
  });

  it("prints usage for an unknown command", async () => {
    const unknown = await api("frobnicate").catch((e) => e);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Usage: codeground-api");
  });

  describe("the codeground-api bin npm links at install (bin/codeground-api.js)", () => {
    const bin = path.join(repo, "platform-api/bin/codeground-api.js");

    it("is a committed, executable node script that package.json and the lockfile name", async () => {
      const pkg = JSON.parse(await readFile(path.join(repo, "platform-api/package.json"), "utf8"));
      expect(pkg.bin["codeground-api"]).toBe("./bin/codeground-api.js");
      expect(pkg.files).toContain("bin");
      // A fresh clone's npm install links bins from the lockfile's record, so it must say the same.
      const lock = JSON.parse(await readFile(path.join(repo, "package-lock.json"), "utf8"));
      expect(lock.packages["platform-api"].bin["codeground-api"]).toBe("bin/codeground-api.js");
      expect((await readFile(bin, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
      expect((await stat(bin)).mode & 0o111).toBe(0o111);
    });

    it("runs the built CLI: help, and migrate against a fresh SQLite file", async () => {
      const help = await run(bin, ["--help"], { env: env() });
      expect(help.stdout).toContain("Usage: codeground-api");
      expect(help.stdout).toContain("migrate");
      const fresh = `sqlite://${dataDir}/bin.db`;
      const migrated = await run(bin, ["migrate"], { env: { ...env(), DATABASE_URL: fresh } });
      expect(migrated.stdout).toMatch(/applied \d+ migration/);
    });

    it("says in one line to build when dist/ is missing, as on a fresh clone", async () => {
      const clone = await mkdtemp(path.join(os.tmpdir(), "cg-bin-"));
      try {
        await mkdir(path.join(clone, "bin"));
        await copyFile(bin, path.join(clone, "bin/codeground-api.js"));
        const missing = await run(process.execPath, [
          path.join(clone, "bin/codeground-api.js"),
          "--help",
        ]).catch((e) => e);
        expect(missing.code).toBe(1);
        expect(missing.stderr.trim().split("\n")).toHaveLength(1);
        expect(missing.stderr).toContain("npm run build");
      } finally {
        await rm(clone, { recursive: true, force: true });
      }
    });
  });
});
