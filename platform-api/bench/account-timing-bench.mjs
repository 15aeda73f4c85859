// Whether sign-up and "forgot password" tell, by how long they take, that an address has an
// account. The real platform API (`codeground-api serve` from dist, in a process of its own) on
// SQLite with a local KMS in a temp DATA_DIR, over loopback HTTP, mail written to DATA_DIR/outbox.
// Interleaved, one request at a time:
//   sign-up:  a new address (an account is made, its verification link mailed) against a known one
//             (a password hash burned, the owner mailed that someone tried);
//   forgot:   a known address (a link made and mailed, after the answer) against an unknown one.
// Which of each pair goes first alternates, with a pause after each request for the server's
// work after its answer (the mail). Each request comes from an address of its own (X-Forwarded-For behind one trusted proxy), so the
// per-client-address limits do not stop the run; each address is used once, under its own limits.
// Prints p50 and p90 of each, and the ratio known / unknown of the p50s. Target: within 10 %.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env.RUNS ?? 40);
const WARMUP = Number(process.env.WARMUP ?? 5);
const TARGET = 0.1;
const PASSWORD = "correct horse battery staple";

// The API in a process of its own, as `codeground-api serve` runs it: a client in the same process
// would wait on the server's own work after an answer, which a remote client never does.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "cg-account-bench-"));
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const api = spawn(
  process.execPath,
  [fileURLToPath(new URL("../bin/codeground-api.js", import.meta.url)), "serve"],
  {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: base,
      TRUST_PROXY: "1",
      LOG_LEVEL: "silent",
      SMTP_URL: "",
    },
    stdio: ["ignore", "ignore", "inherit"],
  },
);
for (let i = 0; ; i++) {
  const up = await fetch(`${base}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (up) break;
  if (i > 200) throw new Error("the API did not start");
  await new Promise((resolve) => setTimeout(resolve, 100));
}

let client = 0;
async function post(p, body) {
  client++;
  const started = process.hrtime.bigint();
  const res = await fetch(`${base}/api/v1${p}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Forwarded-For": `10.${client >> 16}.${(client >> 8) & 255}.${client & 255}`,
    },
    body: JSON.stringify(body),
  });
  await res.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 202) throw new Error(`${p} answered ${res.status}`);
  return ms;
}

/** Times one request, then leaves the server 50 ms to finish what it does after answering. */
async function settled(request) {
  const ms = await request();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return ms;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// Known addresses: accounts made beforehand, one per timed request (each address's limits apply).
const known = [];
for (let i = 0; i < RUNS + WARMUP; i++) {
  const email = `known${i}@example.com`;
  await post("/auth/signup", { email, password: PASSWORD });
  known.push(email);
}

const times = { signupNew: [], signupKnown: [], forgotKnown: [], forgotUnknown: [] };
for (let i = 0; i < RUNS + WARMUP; i++) {
  const keep = i >= WARMUP;
  // Which of a pair goes first alternates, and each waits for the server to be idle again (its
  // mail queued and sent): a request's work after its answer must not be counted to the next one.
  const pair = async (first, second) => {
    const flip = i % 2 === 1;
    const x = await settled(flip ? second : first);
    const y = await settled(flip ? first : second);
    return flip ? [y, x] : [x, y];
  };
  const [a, b] = await pair(
    () => post("/auth/signup", { email: `new${i}@example.com`, password: PASSWORD }),
    () => post("/auth/signup", { email: known[i], password: PASSWORD }),
  );
  const [c, d] = await pair(
    () => post("/auth/password/forgot", { email: known[(i + 1) % known.length] }),
    () => post("/auth/password/forgot", { email: `nobody${i}@example.com` }),
  );
  if (keep) {
    times.signupNew.push(a);
    times.signupKnown.push(b);
    times.forgotKnown.push(c);
    times.forgotUnknown.push(d);
  }
}

const row = (name, values) =>
  `${name.padEnd(28)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p90 ${percentile(values, 90).toFixed(1).padStart(7)} ms`;
const ratio = (a, b) => percentile(a, 50) / percentile(b, 50);
const signupRatio = ratio(times.signupKnown, times.signupNew);
const forgotRatio = ratio(times.forgotKnown, times.forgotUnknown);
console.log(`Answer times, ${RUNS} runs each (after ${WARMUP} warm-up), interleaved, SQLite, loopback HTTP`);
console.log(row("sign-up, new address", times.signupNew));
console.log(row("sign-up, known address", times.signupKnown));
console.log(row("forgot password, known", times.forgotKnown));
console.log(row("forgot password, unknown", times.forgotUnknown));
console.log(`sign-up known / new (p50):      ${signupRatio.toFixed(3)}`);
console.log(`forgot known / unknown (p50):   ${forgotRatio.toFixed(3)}`);
const ok = Math.abs(signupRatio - 1) <= TARGET && Math.abs(forgotRatio - 1) <= TARGET;
console.log(ok ? `within ${TARGET * 100} %: no timing tell` : `NOT within ${TARGET * 100} %`);

api.kill("SIGTERM");
await new Promise((resolve) => api.once("exit", resolve));
rmSync(dataDir, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
