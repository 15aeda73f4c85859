// The deadline-burst benchmark's processes: PostgreSQL database, a private redis-server, platform
// API instances and sandbox nodes, each a real OS process on loopback. Everything started here is
// recorded, and `cleanup()` ends it: children killed by their pid, their containers removed by the
// owner-pid label the sandbox puts on them, the database dropped, temp dirs removed.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const API_BIN = path.join(root, "platform-api/bin/codeground-api.js");
const SANDBOX_BIN = path.join(root, "sandbox/bin/codeground-sandbox.js");
/** The labels the sandbox puts on each container it starts: its own pid, and the machine's name. */
const OWNER_PID_LABEL = "codeground.sandbox.pid";
const OWNER_HOST_LABEL = "codeground.sandbox.host";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const run = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 120_000, ...options }, (err, stdout, stderr) =>
      err ? reject(Object.assign(err, { stdout, stderr })) : resolve(stdout),
    );
  });

/** Only what a child needs from this environment: no setting of ours leaks into it by accident. */
function baseEnv() {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

/**
 * A child process whose stdout is pino JSON: every line goes to its log file, and each parsed
 * record is offered to `onRecord` (the figures count runs and judgings from them).
 */
class Child {
  constructor({ name, file, args, env, logDir, onRecord }) {
    this.name = name;
    this.logFile = path.join(logDir, `${name}.log`);
    const log = createWriteStream(this.logFile, { flags: "a" });
    this.proc = spawn(process.execPath, [file, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a Ctrl-C at the terminal reaches only the benchmark, which then
      // ends each child itself (a sandbox node would otherwise start a 60 s drain).
      detached: true,
    });
    this.pid = this.proc.pid;
    this.exited = new Promise((resolve) =>
      this.proc.once("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
    this.tail = [];
    let partial = "";
    this.proc.stdout.on("data", (chunk) => {
      log.write(chunk);
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        this.remember(line);
        if (!line.startsWith("{")) continue;
        try {
          onRecord?.(JSON.parse(line), this);
        } catch {
          // not JSON after all: kept in the log file
        }
      }
    });
    this.proc.stderr.on("data", (chunk) => {
      log.write(chunk);
      for (const line of chunk.toString("utf8").split("\n")) if (line) this.remember(line);
    });
    this.proc.once("exit", () => log.end());
  }

  remember(line) {
    this.tail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
    if (this.tail.length > 20) this.tail.shift();
  }

  get alive() {
    return this.exit === undefined;
  }

  kill(signal) {
    if (!this.alive) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // already gone
    }
  }
}

export function createCluster({ pgUrl, keepLogs = false }) {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), "cg-bench-burst-"));
  const logDir = path.join(tempDir, "logs");
  mkdirSync(logDir);
  const children = [];
  /** pids of every sandbox node started, for their containers' labels. */
  const sandboxPids = new Set();
  const onRecordHandlers = [];
  let database;
  let redis;
  let cleaning;

  const onRecord = (record, child) => {
    for (const h of onRecordHandlers) h(record, child);
  };

  async function waitFor(child, url, what, timeoutMs = 90_000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!child.alive) break;
      const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await sleep(250);
    }
    throw new Error(
      `${child.name} did not become ${what} (${child.alive ? "timed out" : `exited ${JSON.stringify(child.exit)}`}); its last lines:\n  ${child.tail.join("\n  ")}`,
    );
  }

  return {
    tempDir,
    logDir,
    /** Every parsed pino record of every child, as it arrives. */
    onRecord(handler) {
      onRecordHandlers.push(handler);
    },

    /** A fresh database with a random name on the server at `pgUrl`; dropped by cleanup. */
    async createDatabase() {
      const name = `cg_burst_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      database = { name, url: url.toString() };
      return database;
    },

    /** A throwaway redis-server on a free loopback port, nothing persisted. */
    async startRedis() {
      const port = await freePort();
      const proc = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: "ignore", detached: true },
      );
      redis = { proc, url: `redis://127.0.0.1:${port}` };
      const failed = new Promise((_, reject) => {
        proc.once("error", (err) => reject(new Error(`redis-server did not start: ${err.message}`)));
        proc.once("exit", (code) => reject(new Error(`redis-server exited (${code}) at start`)));
      });
      failed.catch(() => undefined);
      for (let i = 0; i < 100; i++) {
        const ok = await new Promise((resolve) => {
          const s = new Socket();
          s.once("connect", () => {
            s.destroy();
            resolve(true);
          });
          s.once("error", () => resolve(false));
          s.connect(port, "127.0.0.1");
        });
        if (ok) return redis;
        await Promise.race([sleep(100), failed]);
      }
      throw new Error("redis-server did not answer within 10 s");
    },

    /** `codeground-api <command>` with `env`, to completion (create-admin, migrate). */
    async apiCommand(args, env) {
      await run(process.execPath, [API_BIN, ...args], { env: { ...baseEnv(), ...env } });
    },

    /** A platform API instance (`codeground-api serve`), once its /healthz answers. */
    async startApi({ name, port, env }) {
      const child = new Child({
        name,
        file: API_BIN,
        args: ["serve"],
        env: { ...baseEnv(), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
        logDir,
        onRecord,
      });
      children.push(child);
      child.url = `http://127.0.0.1:${port}`;
      await waitFor(child, `${child.url}/healthz`, "healthy");
      return child;
    },

    /** A sandbox node (`codeground-sandbox serve`); resolves once /readyz answers 200 (warm pool ready). */
    async startSandbox({ name, port, env }) {
      const child = new Child({
        name,
        file: SANDBOX_BIN,
        args: ["serve"],
        env: {
          ...baseEnv(),
          SANDBOX_PORT: String(port),
          SANDBOX_HOST: "127.0.0.1",
          SANDBOX_LOG_LEVEL: "info",
          ...env,
        },
        logDir,
        onRecord,
      });
      children.push(child);
      sandboxPids.add(child.pid);
      child.url = `http://127.0.0.1:${port}`;
      child.port = port;
      await waitFor(child, `${child.url}/readyz`, "ready");
      return child;
    },

    /** SIGKILL, then wait for the exit. */
    async kill(child) {
      child.kill("SIGKILL");
      await child.exited;
    },

    /** The containers a (dead) sandbox node left, removed as its machine's end would remove them. */
    async removeContainersOf(child) {
      return removeContainers([child.pid]);
    },

    /**
     * Ends a child gracefully (SIGTERM: the API closes, a sandbox node drains, idle by now) and
     * SIGKILLs it after `graceMs`.
     */
    async stop(child, graceMs = 15_000) {
      if (!child.alive) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await child.exited;
      clearTimeout(timer);
    },

    /** Ends everything this cluster started; safe to call again (the same promise), and from a signal handler. */
    cleanup() {
      cleaning ??= cleanupOnce();
      return cleaning;
    },
  };

  async function cleanupOnce() {
    for (const child of children) child.kill("SIGKILL");
    await Promise.race([Promise.all(children.map((c) => c.exited)), sleep(5000)]);
    await removeContainers([...sandboxPids]).catch((err) =>
      console.error(`could not remove the sandbox containers: ${err.message}`),
    );
    if (redis) {
      try {
        process.kill(redis.proc.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    if (database) {
      const admin = new pg.Client({ connectionString: pgUrl });
      try {
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
      } catch (err) {
        console.error(`could not drop database ${database.name}: ${err.message}`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    }
    if (keepLogs) console.error(`logs kept in ${logDir}`);
    else rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Removes the containers whose owner-pid label is one of `pids`; the count removed. */
async function removeContainers(pids) {
  if (pids.length === 0) return 0;
  const ids = new Set();
  for (const pid of pids) {
    const out = await run("docker", [
      "ps",
      "-aq",
      "--filter",
      `label=${OWNER_PID_LABEL}=${pid}`,
      "--filter",
      `label=${OWNER_HOST_LABEL}=${os.hostname()}`,
    ]);
    for (const id of out.split("\n").filter(Boolean)) ids.add(id);
  }
  if (ids.size > 0) await run("docker", ["rm", "-f", ...ids]).catch(() => undefined);
  return ids.size;
}
