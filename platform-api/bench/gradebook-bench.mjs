// Gradebook benchmark: a course of 300 learners × 20 assignment problems (6,000 cells) with
// 30,000 judged submissions, served by the real platform API over HTTP on SQLite and, when
// PG_TEST_URL (or PG_BENCH_URL) names a server, PostgreSQL. It times GET /gradebook and the CSV
// beside GET /courses/:id on the same server (the baseline: auth, routing, one small query), and
// prints p50/p95 and their ratio. Target: /gradebook p95 under 200 ms on both databases.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { createApp } from "../dist/app.js";
import { createDatabase } from "../dist/db/connection.js";
import { migrateLatest } from "../dist/db/migrate.js";
import { createLocalKms, createVault } from "../dist/kms/index.js";
import { loadAuditKey } from "../dist/services/audit/audit-key.js";

const LEARNERS = 300;
const ASSIGNMENTS = 4;
const PER_ASSIGNMENT = 5;
const SUBMISSIONS = 30_000;
const RUNS = 40;
const VERDICTS = ["accepted", "wrong_answer", "wrong_answer", "time_limit_exceeded", "runtime_error"];

/** A small deterministic generator, so every run grades the same data. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function seed(db, apiUrl) {
  const call = async (method, p, body, token) => {
    const res = await fetch(`${apiUrl}/api/v1${p}`, {
      method,
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };
  const session = await call("POST", "/auth/signup", {
    email: "teacher@example.com",
    password: "a bench passphrase",
  });
  const course = await call("POST", "/courses", { name: "Bench 101" }, session.token);
  const embed = await call(
    "POST",
    `/courses/${course.id}/embeds`,
    { name: "site", allowedOrigins: ["https://course.example.edu"] },
    session.token,
  );
  const now = Date.now();
  const at = new Date(now).toISOString();
  const problems = [];
  for (let i = 0; i < ASSIGNMENTS * PER_ASSIGNMENT; i++) {
    problems.push({
      id: randomUUID(),
      slug: `bench-problem-${i}`,
      title: `Problem ${i}`,
      statement: "",
      difficulty: "easy",
      languages: "[]",
      limits: "{}",
      judge: "{}",
      starter: "{}",
      author_id: session.user.id,
      course_id: course.id,
      visibility: "private",
      created_at: at,
      updated_at: at,
    });
  }
  await db.batchInsert("problems", problems, 100);
  const assignments = [];
  for (let a = 0; a < ASSIGNMENTS; a++) {
    assignments.push({
      id: randomUUID(),
      course_id: course.id,
      title: `Week ${a + 1}`,
      problems: JSON.stringify(
        problems
          .slice(a * PER_ASSIGNMENT, (a + 1) * PER_ASSIGNMENT)
          .map((p) => ({ slug: p.slug, points: 10 })),
      ),
      position: a,
      due_at: new Date(now + (a - 2) * 86_400_000).toISOString(),
      late_policy: JSON.stringify({ penaltyPerDay: 10 }),
      tutor: "hints",
      created_at: at,
      updated_at: at,
    });
  }
  await db.batchInsert("assignments", assignments, 100);
  const sessions = [];
  for (let l = 0; l < LEARNERS; l++) {
    sessions.push({
      id: randomUUID(),
      embed_id: embed.id,
      learner_ref: `sub:learner-${l}`,
      display_name: `Learner ${l}`,
      token_hash: randomUUID().replace(/-/g, "").padEnd(64, "0"),
      created_at: at,
      expires_at: at,
    });
  }
  await db.batchInsert("embed_sessions", sessions, 200);
  // The course's learners, as starting those sessions records them.
  await db.batchInsert(
    "course_learners",
    sessions.map((s) => ({
      course_id: course.id,
      learner_ref: s.learner_ref,
      display_name: s.display_name,
      first_seen_at: at,
      last_seen_at: at,
    })),
    200,
  );
  const random = rng(42);
  const submissions = [];
  for (let i = 0; i < SUBMISSIONS; i++) {
    const learner = Math.floor(random() * LEARNERS);
    const a = Math.floor(random() * ASSIGNMENTS);
    const problem = problems[a * PER_ASSIGNMENT + Math.floor(random() * PER_ASSIGNMENT)];
    const created = new Date(now - 5 * 86_400_000 + Math.floor(random() * 6 * 86_400_000)).toISOString();
    submissions.push({
      id: randomUUID(),
      problem_id: problem.id,
      user_id: null,
      embed_id: embed.id,
      learner_ref: `sub:learner-${learner}`,
      language: "python",
      code: "print(1)",
      state: "done",
      verdict: VERDICTS[Math.floor(random() * VERDICTS.length)],
      created_at: created,
      finished_at: created,
      assignment_id: assignments[a].id,
    });
  }
  await db.batchInsert("submissions", submissions, 500);
  // As autovacuum leaves a PostgreSQL table after a load (statistics, visibility map); SQLite
  // keeps no such statistics unless asked, and the query does not rely on them.
  if (String(db.client.config.client) === "pg") await db.raw("VACUUM ANALYZE submissions");
  return { token: session.token, courseId: course.id };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function time(url, token, runs = RUNS) {
  const headers = { Authorization: `Bearer ${token}` };
  for (let i = 0; i < 5; i++) await (await fetch(url, { headers })).arrayBuffer();
  const ms = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${Buffer.from(body).toString()}`);
    bytes = body.byteLength;
  }
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), bytes };
}

async function benchOn(name, url, cleanup) {
  const db = createDatabase(url);
  await migrateLatest(db);
  const kmsDir = mkdtempSync(path.join(os.tmpdir(), "cg-bench-kms-"));
  const secrets = createVault(await createLocalKms({ dir: kmsDir }));
  const app = createApp({
    db,
    secrets,
    auditKey: await loadAuditKey(db, secrets),
    logger: pino({ level: "silent" }),
    config: { publicUrl: "http://127.0.0.1", secureCookies: false },
  });
  const server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const apiUrl = `http://127.0.0.1:${server.address().port}`;
  try {
    const started = Date.now();
    const { token, courseId } = await seed(db, apiUrl);
    const seeded = ((Date.now() - started) / 1000).toFixed(1);
    const base = `${apiUrl}/api/v1/courses/${courseId}`;
    const book = await (
      await fetch(`${base}/gradebook`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    const baseline = await time(base, token);
    const gradebook = await time(`${base}/gradebook`, token);
    const csv = await time(`${base}/gradebook.csv`, token, 20);
    const fmt = (t) => `p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms`;
    console.log(
      `${name}: ${book.learners.length} learners, ${book.assignments.length} assignments, ${book.cells.length} cells ` +
        `from ${SUBMISSIONS} submissions (seeded in ${seeded} s)`,
    );
    console.log(`  GET /courses/:id (baseline)    ${fmt(baseline)}`);
    console.log(
      `  GET /courses/:id/gradebook     ${fmt(gradebook)}, ${(gradebook.bytes / 1024).toFixed(0)} KB; ` +
        `p95 ${(gradebook.p95 / baseline.p95).toFixed(1)}× the baseline; target p95 < 200 ms: ${gradebook.p95 < 200 ? "met" : "NOT MET"}`,
    );
    console.log(`  GET /courses/:id/gradebook.csv ${fmt(csv)}, ${(csv.bytes / 1024).toFixed(0)} KB`);
    return gradebook.p95 < 200;
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    await db.destroy();
    rmSync(kmsDir, { recursive: true, force: true });
    await cleanup();
  }
}

const results = [];
const dir = mkdtempSync(path.join(os.tmpdir(), "cg-bench-gradebook-"));
results.push(
  await benchOn("SQLite", `sqlite://${path.join(dir, "bench.db")}`, async () =>
    rmSync(dir, { recursive: true, force: true }),
  ),
);
const pgUrl = process.env.PG_BENCH_URL ?? process.env.PG_TEST_URL;
if (pgUrl) {
  const name = `cg_bench_${Date.now()}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  results.push(
    await benchOn("PostgreSQL", url.toString(), () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  );
} else {
  console.log(
    "PostgreSQL: skipped (set PG_TEST_URL or PG_BENCH_URL to a server the bench may create a database on)",
  );
}
process.exit(results.every(Boolean) ? 0 : 1);
