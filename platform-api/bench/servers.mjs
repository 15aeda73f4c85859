// The bench's server process: the real platform API (SQLite file database, local KMS in a temp
// DATA_DIR) and a bare Koa hello-world app, in one process, so both share one event loop the
// same way. Prints one JSON line with their URLs and a seeded user's credentials.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Koa from "koa";
import pino from "pino";
import { createApp } from "../dist/app.js";
import { createDatabase } from "../dist/db/connection.js";
import { migrateLatest } from "../dist/db/migrate.js";
import { createLocalKms, createVault } from "../dist/kms/index.js";
import { loadAuditKey } from "../dist/services/audit/audit-key.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "cg-bench-"));
const db = createDatabase(`sqlite://${path.join(dataDir, "codeground.db")}`);
await migrateLatest(db);
const secrets = createVault(await createLocalKms({ dir: path.join(dataDir, "kms") }));
const app = createApp({
  db,
  secrets,
  auditKey: await loadAuditKey(db, secrets),
  logger: pino({ level: "silent" }),
  config: { publicUrl: "http://127.0.0.1", secureCookies: false },
});
const bare = new Koa();
bare.use((ctx) => {
  ctx.body = { hello: "world" };
});

const listen = (a) =>
  new Promise((resolve) => {
    const server = a.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
const apiUrl = await listen(app);
const bareUrl = await listen(bare);

const email = "bench@example.com";
const password = "benchmark passphrase";
const post = async (p, body, token) => {
  const res = await fetch(`${apiUrl}/api/v1${p}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const { body: session } = await post("/auth/signup", { email, password });
let keys = 0;
for (let i = 0; i < 5; i++) {
  const res = await post(
    "/keys",
    { name: `key ${i}`, provider: "openai", secret: `sk-bench-${i}-${"x".repeat(40)}` },
    session.token,
  );
  if (res.status === 201) keys++;
}
console.log(JSON.stringify({ apiUrl, bareUrl, token: session.token, email, password, keys }));
process.on("SIGINT", () => process.exit(0));
