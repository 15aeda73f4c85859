#!/usr/bin/env node
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { Email, Password } from "@codeground/sdk";
import { configFromEnv } from "./config.js";
import { createDatabase, defaultDatabaseUrl } from "./db/connection.js";
import { migrateLatest } from "./db/migrate.js";
import { createKmsFromConfig, createVault } from "./kms/index.js";
import { startApi } from "./server.js";
import { hashPassword } from "./services/accounts/passwords.js";
import { createAuditLog } from "./services/audit/audit.js";
import { loadAuditKey } from "./services/audit/audit-key.js";
import { iso, systemClock } from "./services/shared/clock.js";

const usage = `Usage: codeground-api <command>
  serve                                   start the API (default)
  migrate                                 bring the database schema up to date
  create-admin --email E --password P     create an admin account (or make an existing one an enabled admin)
  verify-audit                            check the audit log's hash chain
  rotate-master-key                       local KMS: create a new master key and make it current
  rewrap-keys [--batch N]                 re-wrap every stored secret under the current master key
  rotate-lti-key                          LTI: make a new tool signing key current, keep the previous one published
  seed-bank                               add the built-in problem bank's problems that are missing
  help                                    print this text`;

function database() {
  const config = configFromEnv();
  return { config, db: createDatabase(config.databaseUrl ?? defaultDatabaseUrl(config.dataDir)) };
}

/** The audit log, keyed through the configured KMS like the server's. */
async function auditLog(config: ReturnType<typeof configFromEnv>, db: ReturnType<typeof createDatabase>) {
  const secrets = createVault(await createKmsFromConfig({ ...config.kms, dataDir: config.dataDir }));
  return createAuditLog(db, systemClock, await loadAuditKey(db, secrets));
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  async serve() {
    const config = configFromEnv();
    const api = await startApi(config);
    // A proxy in front may still send requests for a moment: answer them, then close.
    const stop = () =>
      void new Promise((resolve) => setTimeout(resolve, config.shutdownDelaySeconds * 1000))
        .then(() => api.close())
        .then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return -1;
  },

  async migrate() {
    const { db } = database();
    try {
      const [batch, applied] = await migrateLatest(db);
      console.log(
        applied.length
          ? `applied ${applied.length} migration(s) in batch ${batch}`
          : "database already up to date",
      );
      return 0;
    } finally {
      await db.destroy();
    }
  },

  async "create-admin"(args) {
    const { values } = parseArgs({
      args,
      options: { email: { type: "string" }, password: { type: "string" } },
    });
    const email = Email.safeParse(values.email ?? "");
    const password = Password.safeParse(values.password ?? "");
    if (!email.success || !password.success) {
      console.error(
        "create-admin needs --email with a valid address and --password of at least 10 characters.",
      );
      return 2;
    }
    const { config, db } = database();
    try {
      await migrateLatest(db);
      const at = iso(systemClock.now());
      const existing = await db("users").where({ email: email.data }).first();
      const id: string = existing?.id ?? randomUUID();
      if (existing) {
        await db("users")
          .where({ id })
          // Also the way back in when the admins' accounts are disabled: it enables this one again.
          .update({
            role: "admin",
            password_hash: await hashPassword(password.data),
            disabled_at: null,
            // The operator typed the address: it counts as verified.
            email_verified_at: existing.email_verified_at ?? at,
            updated_at: at,
          });
      } else {
        await db("users").insert({
          id,
          email: email.data,
          password_hash: await hashPassword(password.data),
          role: "admin",
          display_name: null,
          email_verified_at: at,
          created_at: at,
          updated_at: at,
        });
      }
      await (await auditLog(config, db)).record({
        action: "admin.created",
        actorType: "system",
        targetType: "user",
        targetId: id,
      });
      console.log(`${existing ? "updated" : "created"} admin ${email.data}`);
      return 0;
    } finally {
      await db.destroy();
    }
  },

  async "seed-bank"() {
    const { config, db } = database();
    try {
      await migrateLatest(db);
      const { loadBank } = await import("./bank/index.js");
      const { seedBank } = await import("./services/problems/problem-seed.js");
      const { sandboxLanguages } = await import("./services/problems/problems.js");
      const result = await seedBank(
        { db, audit: await auditLog(config, db), languages: await sandboxLanguages() },
        await loadBank(),
      );
      for (const { slug, issues } of result.invalid)
        console.error(`${slug} not seeded: ${issues.join("; ")}`);
      console.log(
        `${result.inserted.length} problem(s) added, ${result.skipped.length} already present` +
          (result.invalid.length ? `, ${result.invalid.length} invalid` : ""),
      );
      return result.invalid.length ? 1 : 0;
    } finally {
      await db.destroy();
    }
  },

  async "verify-audit"() {
    const { config, db } = database();
    try {
      const result = await (await auditLog(config, db)).verify();
      if (result.ok) console.log(`audit log intact: ${result.rows} row(s)`);
      else console.error(`audit log broken at row ${result.firstBadId}: ${result.reason}`);
      return result.ok ? 0 : 1;
    } finally {
      await db.destroy();
    }
  },

  async "rotate-master-key"() {
    const config = configFromEnv();
    if (config.kms.provider !== "local") {
      console.error(
        "rotate-master-key rotates the local KMS only. With AWS KMS, point KMS_KEY_ID at the new key " +
          "(or let AWS rotate it), then run rewrap-keys.",
      );
      return 2;
    }
    if (config.kms.masterKeyFile) {
      console.error(
        "rotate-master-key writes key files in DATA_DIR/kms; with KMS_MASTER_KEY_FILE, put a new key " +
          "(openssl rand -hex 32) on the file's first line, keep the old ones below it, restart every " +
          "instance, then run rewrap-keys.",
      );
      return 2;
    }
    const { join } = await import("node:path");
    const { rotateLocalMasterKey } = await import("./kms/index.js");
    const { keyId, previousKeyId } = await rotateLocalMasterKey({ dir: join(config.dataDir, "kms") });
    // Key ids name key files; they are not key material.
    console.log(`new master key ${keyId}${previousKeyId ? ` (replaces ${previousKeyId})` : ""}`);
    console.log("run rewrap-keys to re-wrap stored secrets under it; keep the old key file until then");
    return 0;
  },

  async "rotate-lti-key"() {
    const { config, db } = database();
    try {
      await migrateLatest(db);
      const { createToolKeys } = await import("./services/lti/tool-keys.js");
      const secrets = createVault(await createKmsFromConfig({ ...config.kms, dataDir: config.dataDir }));
      const { kid, previousKid } = await createToolKeys({ db, secrets, clock: systemClock }).rotate();
      await (await auditLog(config, db)).record({
        action: "lti.tool_key_rotated",
        actorType: "system",
        targetType: "lti_tool_key",
        targetId: kid,
        details: { previousKid },
      });
      // Key ids are published in the JWKS; they are not key material.
      console.log(
        `new LTI tool key ${kid}${previousKid ? ` (the previous key ${previousKid} stays published)` : ""}`,
      );
      return 0;
    } finally {
      await db.destroy();
    }
  },

  async "rewrap-keys"(args) {
    const { values } = parseArgs({ args, options: { batch: { type: "string" } } });
    const batchSize = Number(values.batch ?? 100);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      console.error("rewrap-keys --batch takes a whole number of rows from 1 to 10000.");
      return 2;
    }
    const { config, db } = database();
    try {
      const { pendingMigrations } = await import("./db/migrate.js");
      if ((await pendingMigrations(db)).length > 0) {
        console.error("The database schema is not up to date; run migrate first.");
        return 2;
      }
      const { createKmsFromConfig, createVault } = await import("./kms/index.js");
      const { resolveTargetKeyId, rewrapAll } = await import("./services/vault/rewrap.js");
      const kms = await createKmsFromConfig({ ...config.kms, dataDir: config.dataDir });
      const toKeyId = await resolveTargetKeyId(kms);
      const stop = new AbortController();
      const abort = () => stop.abort();
      process.once("SIGINT", abort);
      process.once("SIGTERM", abort);
      console.log(`re-wrapping stored secrets under ${toKeyId}`);
      const result = await rewrapAll({
        db,
        // No cache: each data key is used once here, and should not outlive its row.
        vault: createVault(kms, { cacheTtlMs: 0 }),
        toKeyId,
        batchSize,
        signal: stop.signal,
        onProgress: ({ table, done, total }) => console.log(`${table}: ${done}/${total}`),
      });
      process.off("SIGINT", abort);
      process.off("SIGTERM", abort);
      for (const f of result.failures) {
        console.error(`could not re-wrap ${f.table}.${f.column} row ${f.rowId}: ${f.reason}`);
      }
      console.log(
        `${result.rewrapped} re-wrapped, ${result.skipped} already current, ${result.failed} failed` +
          (result.aborted ? "; stopped early, run rewrap-keys again to continue" : ""),
      );
      return result.failed === 0 && !result.aborted ? 0 : 1;
    } finally {
      await db.destroy();
    }
  },
};

const [name = "serve", ...rest] = process.argv.slice(2);
if (name === "help" || name === "--help" || name === "-h") {
  console.log(usage);
  process.exit(0);
}
const command = commands[name];
if (!command) {
  console.error(usage);
  process.exit(2);
}
command(rest).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
