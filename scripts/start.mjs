#!/usr/bin/env node
// `npm start`: Codeground on one machine with embedded defaults — the platform API (SQLite and a
// local KMS key in DATA_DIR) and the sandbox service — and a word on anything missing.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { configFromEnv, startApi } from "@codeground/platform-api";
import { settingsFromEnv, startSandboxService } from "@codeground/sandbox";
import pino from "pino";

const dataDir = path.resolve(process.env.DATA_DIR ?? "data");

/** The service token: SANDBOX_TOKEN if set, else one kept in DATA_DIR (created once, owner-only). */
function serviceToken() {
  if (process.env.SANDBOX_TOKEN) return { token: process.env.SANDBOX_TOKEN, source: "SANDBOX_TOKEN" };
  const file = path.join(dataDir, "sandbox.token");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(file))
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return { token: readFileSync(file, "utf8").trim(), source: file };
}

const logger = pino({ level: process.env.LOG_LEVEL ?? "warn", name: "codeground" });
const { token, source } = serviceToken();
const settings = settingsFromEnv({ ...process.env, SANDBOX_TOKEN: token });
const sandbox = await startSandboxService(settings, logger);
// The API judges through the sandbox service over HTTP, as separate machines would.
const api = await startApi(
  configFromEnv({ ...process.env, DATA_DIR: dataDir, SANDBOX_URL: sandbox.url, SANDBOX_TOKEN: token }),
  logger,
);

// Give the warm pool a moment to fill, so the summary says what is really missing.
let readiness = sandbox.readiness;
for (let i = 0; i < 40 && readiness.engine && readiness.problems.length > 0; i++) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  readiness = await sandbox.sandbox.readiness();
  if (readiness.problems.every((p) => p.startsWith("Image"))) break;
}

const lines = [
  "",
  `Codeground portal: ${api.url}/   (sign up there, or use the API)`,
  `  widget for course sites: <script src="${api.url}/widget.js"></script>`,
  `Codeground platform API: ${api.url}/api/v1   (data in ${dataDir})`,
  `  try: curl -s -X POST -H 'Content-Type: application/json' -d '{"email":"me@example.com","password":"a long passphrase"}' ${api.url}/api/v1/auth/signup`,
  `  mail: ${process.env.SMTP_URL ? "through SMTP_URL" : `no SMTP_URL, so each message is an .eml file in ${path.join(dataDir, "outbox")} (open it to follow the link)`}`,
  `Codeground sandbox service: ${sandbox.url}`,
  `  runtime ${settings.config.runtime}, pool ${settings.config.poolSize} per language, ${settings.config.maxConcurrency} runs at once`,
  `  service token: ${source === "SANDBOX_TOKEN" ? "from SANDBOX_TOKEN" : `in ${source}`} (send it as Authorization: Bearer)`,
];
if (readiness.problems.length === 0) {
  lines.push("  ready: Docker engine up, every language image built.");
} else {
  lines.push("  not ready yet:");
  for (const problem of readiness.problems) lines.push(`    - ${problem}`);
  if (!readiness.engine)
    lines.push("    Start a Docker engine (as root: dockerd &), then runs will work without a restart.");
}
console.log(lines.join("\n"));

const stop = () => {
  console.log("stopping: finishing queued runs");
  void Promise.all([api.close(), sandbox.close()]).then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
