#!/usr/bin/env node
// Judging under a burst: the real platform API (SQLite file, local KMS) and the real sandbox
// service, talking HTTP on loopback. Several users submit 50 solutions at once to a 20-test
// function-mode problem (some tests with 100 000-element arrays), a known mix of right and wrong
// code; we follow each submission's event stream and count what came back.
//
//   npm run bench:submissions            (root; builds first)
//   SUBMISSIONS=100 SUBMISSION_CONCURRENCY=4 USERS=10 npm run bench:submissions
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSandbox, createApp as createSandboxApp, createSandboxClient } from "@codeground/sandbox";
import { ProblemDocument } from "@codeground/sdk";
import pino from "pino";
import { createApp } from "../dist/app.js";
import { createDatabase } from "../dist/db/connection.js";
import { migrateLatest } from "../dist/db/migrate.js";
import { createLocalKms, createVault } from "../dist/kms/index.js";
import { loadAuditKey } from "../dist/services/audit/audit-key.js";
import { insertProblem } from "../dist/services/problems/problem-store.js";

const SUBMISSIONS = Number(process.env.SUBMISSIONS ?? 50);
/** Event streams one user may hold open at once (the API's limit): each user follows at most this many. */
const STREAMS_PER_USER = 5;
const USERS = Number(process.env.USERS ?? Math.ceil(SUBMISSIONS / STREAMS_PER_USER));
const CONCURRENCY = Number(process.env.SUBMISSION_CONCURRENCY ?? 2);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 15 * 60_000);

const silent = pino({ level: "silent" });
const listen = (app) =>
  new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${server.address().port}` }),
    );
  });

// --- the sandbox service ---------------------------------------------------------------------
const token = randomBytes(24).toString("hex");
const sandbox = await createSandbox({ logger: silent });
const readiness = await sandbox.readiness();
if (!readiness.engine || !readiness.images.python) {
  console.error(`The sandbox cannot run Python here: ${readiness.problems.join(" ")}`);
  process.exit(1);
}
const sandboxService = await listen(createSandboxApp({ sandbox, token, logger: silent }));

// --- the platform API ------------------------------------------------------------------------
const dataDir = mkdtempSync(path.join(os.tmpdir(), "cg-bench-submissions-"));
const db = createDatabase(`sqlite://${path.join(dataDir, "codeground.db")}`);
await migrateLatest(db);
const secrets = createVault(await createLocalKms({ dir: path.join(dataDir, "kms") }));
const app = createApp({
  db,
  secrets,
  auditKey: await loadAuditKey(db, secrets),
  logger: silent,
  config: { publicUrl: "http://127.0.0.1", secureCookies: false },
  sandbox: createSandboxClient({ url: sandboxService.url, token }),
  submissions: { concurrency: CONCURRENCY, executionsPerMinute: 100_000 },
});
app.submissions.start();
const api = await listen(app);

// --- a 20-test function-mode problem ---------------------------------------------------------
const big = (n, seed) =>
  Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104_729) % 2_000_001) - 1_000_000);
const tests = [];
for (let i = 0; i < 20; i++) {
  const nums = i % 4 === 3 ? big(100_000, i) : big(5 + i * 3, i);
  tests.push({ args: [nums], expected: nums.reduce((a, b) => a + b, 0), sample: i < 2 });
}
const problem = ProblemDocument.parse({
  slug: "bench-array-sum",
  title: "Array sum (benchmark)",
  statement: "Return the sum of `nums`.",
  difficulty: "easy",
  languages: ["python"],
  limits: { timeMs: 2000, memoryMb: 256 },
  judge: {
    mode: "function",
    function: { name: "solution", params: [{ name: "nums", type: "int[]" }], returns: "long" },
  },
  tests,
});
await db.transaction((trx) => insertProblem(trx, problem, null, new Date().toISOString()));

const solutions = {
  accepted: "def solution(nums):\n    return sum(nums)\n",
  // Right on small arrays only: wrong on the large hidden tests.
  wrong_answer: "def solution(nums):\n    return sum(nums[:1000])\n",
};

// --- users and submissions -------------------------------------------------------------------
const call = async (method, p, body, bearer, headers = {}) => {
  const res = await fetch(`${api.url}/api/v1${p}`, {
    method,
    headers: {
      ...(body ? { "Content-Type": "application/json" } : {}),
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
};
const users = [];
for (let i = 0; i < USERS; i++) {
  const res = await call("POST", "/auth/signup", {
    email: `bench${i}@example.com`,
    password: "benchmark passphrase",
  });
  users.push(res.body.token);
}

/** Follows a submission's event stream to its `done` event; counts the test events on the way. */
async function follow(id, bearer) {
  const res = await fetch(`${api.url}/api/v1/submissions/${id}/events`, {
    headers: { Authorization: `Bearer ${bearer}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  const blocks = text.split("\n\n").filter((b) => b.startsWith("event: "));
  const done = blocks.find((b) => b.startsWith("event: done"));
  return {
    tests: blocks.filter((b) => b.startsWith("event: test")).length,
    submission: done ? JSON.parse(done.split("\ndata: ")[1]) : undefined,
  };
}

const plan = Array.from({ length: SUBMISSIONS }, (_, i) => ({
  user: users[i % USERS],
  expect: i % 10 < 7 ? "accepted" : "wrong_answer",
}));
const started = performance.now();
const accepted = await Promise.all(
  plan.map(async (p) => {
    const res = await call(
      "POST",
      `/problems/${problem.slug}/submissions`,
      {
        language: "python",
        code: solutions[p.expect],
      },
      p.user,
    );
    return { ...p, status: res.status, id: res.body.id, acceptedAt: performance.now() - started };
  }),
);
const allQueuedMs = performance.now() - started;
const results = await Promise.all(
  accepted
    .filter((a) => a.status === 202)
    .map(async (a) => ({ ...a, ...(await follow(a.id, a.user)), finalAt: performance.now() - started })),
);
const allFinalMs = performance.now() - started;

// --- figures ---------------------------------------------------------------------------------
const rows = await db("submissions").select("id", "state", "verdict");
const final = results.filter((r) => r.submission?.state === "done");
const right = final.filter((r) => r.submission.verdict === r.expect);
const lost = SUBMISSIONS - rows.filter((r) => r.state === "done").length;
const latencies = results.map((r) => r.finalAt - r.acceptedAt).sort((a, b) => a - b);
const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;

const table = [
  ["submissions sent", SUBMISSIONS],
  ["users", USERS],
  ["tests per submission", tests.length],
  ["judged at once (SUBMISSION_CONCURRENCY)", CONCURRENCY],
  ["answered 202", accepted.filter((a) => a.status === 202).length],
  ["all 202s in", s(allQueuedMs)],
  ["all final after", s(allFinalMs)],
  ["throughput", `${((final.length * 60_000) / allFinalMs).toFixed(1)} submissions/min`],
  ["submit → final, median", s(pct(0.5))],
  ["submit → final, p95", s(pct(0.95))],
  ["final (done)", final.length],
  ["right verdict", `${right.length} / ${final.length}`],
  ["  accepted as expected", right.filter((r) => r.expect === "accepted").length],
  ["  wrong_answer as expected", right.filter((r) => r.expect === "wrong_answer").length],
  [
    "verdicts",
    [...new Set(final.map((r) => r.submission.verdict))]
      .map((verdict) => `${verdict} ${final.filter((r) => r.submission.verdict === verdict).length}`)
      .join(", "),
  ],
  [
    "test events streamed",
    `${results.reduce((n, r) => n + r.tests, 0)} (expected ${final.length * tests.length})`,
  ],
  ["lost (not done in the database)", lost],
];
const width = Math.max(...table.map(([k]) => k.length));
console.log("\nSubmissions benchmark: platform API + sandbox service over HTTP, SQLite\n");
for (const [k, v] of table) console.log(`  ${k.padEnd(width)}  ${v}`);
console.log("");

await app.submissions.stop();
await new Promise((r) => api.server.close(r));
await db.destroy();
await new Promise((r) => sandboxService.server.close(r));
await sandbox.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(lost === 0 && right.length === SUBMISSIONS ? 0 : 1);
