#!/usr/bin/env node
// The deadline burst: hundreds of an embed's learners submit to a 10-test problem within a minute,
// against platform API instances and sandbox nodes that are separate OS processes talking HTTP on
// loopback (one fresh PostgreSQL database, one private redis-server), while processes die.
//
//   1. 2 APIs + 3 sandbox nodes (SANDBOX_URLS); at KILL_AT of the burst one node and one API are
//      SIGKILLed; their learners carry on through the other API.
//   2. 1 API + 1 node: a queued burst, the node SIGKILLed mid-judging and started again on the
//      same port RESTART_AFTER_SECONDS later; every submission must still end right, untouched.
//   3. The comparison: scenario 1's burst on 1 API + 1 node, nothing killed.
//
// Checks per scenario: every submission stored once, judged once, none lost, no internal_error,
// each verdict the expected one. Exit 1 when one fails.
//
//   npm run bench:burst                               (root; builds first)
//   LEARNERS=200 BURST_SECONDS=30 SCENARIOS=1,3 npm run bench:burst
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createCluster, freePort, sleep } from "./burst/cluster.mjs";
import {
  check,
  createTally,
  parseMetrics,
  percentile,
  perNode,
  printChecks,
  printTable,
  sandboxFigures,
  seconds,
  storedSubmissions,
} from "./burst/figures.mjs";
import { ORIGIN, runLearner } from "./burst/learners.mjs";

const env = process.env;
const num = (name, fallback) => {
  const v = env[name] === undefined || env[name] === "" ? fallback : Number(env[name]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`${name} must be a non-negative number`);
    process.exit(2);
  }
  return v;
};
const LEARNERS = num("LEARNERS", 500);
const BURST_SECONDS = num("BURST_SECONDS", 60);
const KILL_AT = num("KILL_AT", 0.4);
const QUEUED_BURST = num("QUEUED_BURST", 100);
const RESTART_AFTER_SECONDS = num("RESTART_AFTER_SECONDS", 10);
/** Runs at once on each of the 3 nodes sharing this machine's engine and cores. */
const NODE_CONCURRENCY = num("NODE_CONCURRENCY", 1);
/** Runs at once on the one node of scenarios 2 and 3: all of this machine's cores for itself. */
const SINGLE_NODE_CONCURRENCY = num("SINGLE_NODE_CONCURRENCY", 2);
const SUBMISSION_CONCURRENCY = num("SUBMISSION_CONCURRENCY", 2);
const JUDGE_WAIT_MINUTES = num("JUDGE_WAIT_MINUTES", 10);
const FOLLOW_MINUTES = num("FOLLOW_MINUTES", 10);
const SCENARIOS = new Set((env.SCENARIOS ?? "1,2,3").split(",").map((s) => s.trim()));
const PG_URL =
  env.BENCH_PG_URL ?? env.PG_TEST_URL ?? "postgres://codeground:codeground@127.0.0.1:5432/postgres";
const TESTS = 10;
const WRONG_EVERY = 5; // every 5th learner's code is wrong: 80 % accepted, 20 % wrong_answer

const cluster = createCluster({ pgUrl: PG_URL, keepLogs: env.BENCH_KEEP_LOGS === "1" });
let dbPool;
let stopping;
/** Ends every process, container, database and temp dir once, then exits with the first code asked. */
const stopAll = (code) => {
  stopping ??= (async () => {
    await dbPool?.end().catch(() => undefined);
    await cluster.cleanup();
    process.exit(code);
  })();
  return stopping;
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  // Every signal lands here (a second Ctrl-C must not cut the cleanup short); the first one counts.
  process.on(signal, () => {
    console.error(`\n${signal}: stopping every process started, removing containers, dropping the database…`);
    void stopAll(130);
  });
}
process.on("uncaughtException", (err) => {
  console.error(err);
  void stopAll(1);
});
process.on("unhandledRejection", (err) => {
  console.error(err);
  void stopAll(1);
});

const started = Date.now();
const log = (line) => console.log(`[${seconds(Date.now() - started).padStart(7)}] ${line}`);

// --- shared state: database, redis, KMS data dir, tokens ---------------------------------------
const sandboxToken = randomBytes(24).toString("hex");
const metricsToken = randomBytes(24).toString("hex");
const dataDir = `${cluster.tempDir}/data`;
const database = await cluster.createDatabase();
const redis = await cluster.startRedis();
dbPool = new pg.Pool({ connectionString: database.url, max: 2 });
log(`database ${database.name} created; redis-server at ${redis.url}; data dir ${dataDir}`);

const apiEnv = (sandboxUrls) => ({
  DATABASE_URL: database.url,
  // One DATA_DIR for every instance: the local KMS keeps its master key in DATA_DIR/kms.
  DATA_DIR: dataDir,
  RATE_LIMIT_REDIS_URL: redis.url,
  SANDBOX_URLS: sandboxUrls.join(","),
  SANDBOX_TOKEN: sandboxToken,
  METRICS_TOKEN: metricsToken,
  SUBMISSION_CONCURRENCY: String(SUBMISSION_CONCURRENCY),
  JUDGE_WAIT_MINUTES: String(JUDGE_WAIT_MINUTES),
  // Every learner here comes from 127.0.0.1.
  EMBED_SESSIONS_PER_ADDRESS: "1000000",
  EMBED_SESSIONS_PER_EMBED: "1000000",
});
/**
 * A node's settings: `concurrency` runs at once, and the default warm pool of 2 per language (with
 * 1, a busy node's /readyz answers 503 each time its pool is refilling, and the APIs' view of it
 * flaps between ready and unready).
 */
const sandboxEnv = (concurrency) => ({
  SANDBOX_TOKEN: sandboxToken,
  SANDBOX_MAX_CONCURRENCY: String(concurrency),
  SANDBOX_POOL_SIZE: "2",
  SANDBOX_DRAIN_SECONDS: "10",
});

// The seed's admin, created with the operator's CLI; it also migrates and creates the KMS key,
// so the instances started next all find them.
const admin = { email: "burst-admin@example.com", password: randomBytes(12).toString("hex") };
await cluster.apiCommand(["create-admin", "--email", admin.email, "--password", admin.password], {
  DATABASE_URL: database.url,
  DATA_DIR: dataDir,
});

let tally = createTally();
cluster.onRecord((rec, child) => tally.record(rec, child));

// --- the problem and the embed -------------------------------------------------------------------
const array = (n, seed) =>
  Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104_729) % 200_001) - 100_000);
const problemTests = Array.from({ length: TESTS }, (_, i) => {
  // Tests 4 and 9 have 20 000 elements: the wrong solution, right on short arrays, fails them.
  const nums = i % 5 === 4 ? array(20_000, i) : array(5 + i * 3, i);
  return { args: [nums], expected: nums.reduce((a, b) => a + b, 0), sample: i < 2 };
});
const problem = {
  slug: "burst-array-sum",
  title: "Array sum (deadline burst)",
  statement: "Return the sum of `nums`.",
  difficulty: "easy",
  languages: ["python"],
  limits: { timeMs: 2000, memoryMb: 256 },
  judge: {
    mode: "function",
    function: { name: "solution", params: [{ name: "nums", type: "int[]" }], returns: "long" },
  },
  tests: problemTests,
};
const solutions = {
  accepted: "def solution(nums):\n    return sum(nums)\n",
  wrong_answer: "def solution(nums):\n    return sum(nums[:1000])\n",
};
const passedFor = (verdict) => (verdict === "accepted" ? TESTS : TESTS - 2);
const expectFor = (i) => (i % WRONG_EVERY === WRONG_EVERY - 1 ? "wrong_answer" : "accepted");

async function seed(api) {
  const post = async (p, body, bearer) => {
    const res = await fetch(`${api.url}/api/v1${p}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const json = await res.json().catch(() => undefined);
    if (res.status >= 300) throw new Error(`seed: POST ${p} answered ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = await post("/auth/login", admin);
  await post("/problems", problem, token);
  const embed = await post(
    "/embeds",
    {
      name: "Deadline burst",
      allowedOrigins: [ORIGIN],
      features: ["problem"],
      problems: [problem.slug],
      submissionsPerHour: 100_000,
    },
    token,
  );
  return embed;
}
let embed;

// --- metrics scraping and progress ---------------------------------------------------------------
/**
 * The last /metrics of each API instance and sandbox node (a killed one keeps the scrape taken
 * just before); a node's needs no token, an API's the METRICS_TOKEN.
 */
const lastMetrics = new Map();
async function scrape(api) {
  if (!api.alive) return;
  try {
    const res = await fetch(`${api.url}/metrics`, {
      headers: { Authorization: `Bearer ${metricsToken}` },
      signal: AbortSignal.timeout(3000),
    });
    if (res.status === 200) lastMetrics.set(api.name, parseMetrics(await res.text()));
  } catch {
    // the instance is going away; its previous scrape stands
  }
}

async function dbStates(prefix) {
  const { rows } = await dbPool.query(
    `select state, count(*) as n from submissions where embed_id = $1 and learner_ref like $2 group by state`,
    [embed.id, `sub:${prefix}%`],
  );
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

function progressTicker(label, prefix, learners, total, scraped) {
  const t0 = Date.now();
  return setInterval(async () => {
    if (stopping) return;
    for (const child of scraped()) void scrape(child);
    const states = await dbStates(prefix).catch(() => ({}));
    const submitted = learners.filter((l) => l.id).length;
    const final = learners.filter((l) => l.finalAt).length;
    const runs = [...tally.nodeRuns.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([n, c]) => `${n.replace(/^s\d-/, "")} ${c}`)
      .join(", ");
    log(
      `${label} +${seconds(Date.now() - t0)}: submitted ${submitted}/${total}, final ${final} | stored queued ${states.queued ?? 0}, running ${states.running ?? 0}, done ${states.done ?? 0} | runs answered: ${runs || "none yet"}`,
    );
  }, 5000);
}

// --- one burst -------------------------------------------------------------------------------------
/**
 * `count` learners (refs `<prefix><i>`), learner i starting at i × spreadMs / count, alternating
 * over `apis`. `events` are [atMs, fn] run during the burst. Resolves with every learner's record.
 */
async function burst({ label, prefix, count, spreadMs, apis, nodes, events = [] }) {
  const learners = [];
  const t0 = performance.now();
  const wallStart = Date.now();
  const clock = () => performance.now() - t0;
  const deadline = Date.now() + spreadMs + FOLLOW_MINUTES * 60_000;
  const ticker = progressTicker(label, prefix, learners, count, () => [...apis, ...nodes()]);
  const timers = events.map(([atMs, fn]) => sleep(atMs).then(fn));
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await sleep((i * spreadMs) / count);
      const expect = expectFor(i);
      return runLearner({
        apis,
        apiIndex: i % apis.length,
        embed,
        problem: problem.slug,
        ref: `${prefix}${i}`,
        code: `# ${prefix}${i}\n${solutions[expect]}`,
        expect,
        clock,
        deadline,
        onStart: (learner) => learners.push(learner),
      });
    }),
  );
  await Promise.all(timers);
  clearInterval(ticker);
  results.wallStart = wallStart;
  results.arrivalsEnd = wallStart + spreadMs;
  return results;
}

// --- figures of one scenario -------------------------------------------------------------------------
function latencyFigures(learners) {
  const ok = learners.filter((l) => l.finalAt !== undefined);
  const firstSubmit = Math.min(...learners.map((l) => l.submittedAt ?? Number.POSITIVE_INFINITY));
  const lastFinal = Math.max(...ok.map((l) => l.finalAt));
  const latencies = ok.map((l) => l.finalAt - l.submittedAt);
  return {
    ok,
    firstSubmit,
    lastFinal,
    rows: [
      ["first submit → last final", seconds(lastFinal - firstSubmit)],
      ["throughput", `${((ok.length * 60_000) / (lastFinal - firstSubmit)).toFixed(1)} submissions/min`],
      ["submit → final, p50", seconds(percentile(latencies, 0.5))],
      ["submit → final, p95", seconds(percentile(latencies, 0.95))],
      ["submit → final, max", seconds(Math.max(...latencies))],
    ],
  };
}

/** Submissions that became final per minute within each [label, fromWall, toWall] phase. */
function phaseRates(learners, phases) {
  return phases
    .filter(([, from, to]) => to > from)
    .map(([label, from, to]) => {
      const n = learners.filter((l) => l.finalWall >= from && l.finalWall < to).length;
      return `${label} ${((n * 60_000) / (to - from)).toFixed(0)}`;
    })
    .join(", ");
}

function verdictCounts(rows) {
  const counts = {};
  for (const r of rows) counts[r.verdict ?? r.state] = (counts[r.verdict ?? r.state] ?? 0) + 1;
  return Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

/**
 * Runs per node: sent by the APIs (their /metrics, a killed one's last scrape), answered (the
 * node's log: the run started streaming) and finished (the node's /metrics, a killed node's last
 * scrape); then the sandbox's time per run and wait for a slot, over the scenario's nodes.
 */
function nodeRows(nodes, apis) {
  const shown = new Set();
  const rows = nodes.map((node) => {
    const host = new URL(node.url).host;
    const sent = apis.reduce(
      (n, api) => n + perNode(lastMetrics.get(api.name), "codeground_api_sandbox_runs_sent_total", host),
      0,
    );
    const answered = tally.nodeRuns.get(node.name) ?? 0;
    const { finished } = sandboxFigures(lastMetrics.get(node.name));
    // The APIs count by address: a node started again on the same port shares the figure.
    const sentText = shown.has(host) ? "sent: the same address" : `${sent} sent by the APIs`;
    shown.add(host);
    return [
      `  ${node.name} (${host}${node.alive ? "" : ", killed"})`,
      `${answered} answered, ${finished} finished${node.alive ? "" : " (last scrape)"}, ${sentText}`,
    ];
  });
  const all = nodes.map((n) => sandboxFigures(lastMetrics.get(n.name)));
  const sum = (k) => all.reduce((n, f) => n + f[k], 0);
  rows.push([
    "sandbox time per run, mean: in its container / waiting for a slot",
    `${seconds((1000 * sum("runSeconds")) / sum("runs"))} / ${seconds((1000 * sum("waitSeconds")) / sum("waits"))}`,
  ]);
  return rows;
}

const sumOver = (apis, name, host) =>
  apis.reduce((n, api) => n + perNode(lastMetrics.get(api.name), name, host), 0);

async function judgedLogsSettle() {
  // The "submission judged" line is written just after the done event goes out: let it arrive.
  await sleep(1500);
}

const allChecks = [];
function report(title, rows, checks) {
  printTable(title, rows);
  printChecks(checks);
  allChecks.push(...checks.map((c) => ({ ...c, scenario: title })));
  console.log("");
}

// --- scenario 1: 2 APIs + 3 nodes, one of each killed mid-burst ------------------------------------------
async function scenarioOne() {
  tally = createTally();
  log(
    `scenario 1: starting 3 sandbox nodes (${NODE_CONCURRENCY} run at a time each, warm pool 2 per language) and 2 API instances (SUBMISSION_CONCURRENCY ${SUBMISSION_CONCURRENCY} each)`,
  );
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  const nodes = await Promise.all(
    ports.map((port, i) =>
      cluster.startSandbox({ name: `s1-node${i + 1}`, port, env: sandboxEnv(NODE_CONCURRENCY) }),
    ),
  );
  const urls = nodes.map((n) => n.url);
  const apiA = await cluster.startApi({ name: "s1-api1", port: await freePort(), env: apiEnv(urls) });
  const apiB = await cluster.startApi({ name: "s1-api2", port: await freePort(), env: apiEnv(urls) });
  const apis = [apiA, apiB];
  embed ??= await seed(apiA);
  log(`scenario 1: ${LEARNERS} learners over ${BURST_SECONDS} s, alternating between the 2 APIs`);
  const victimApi = apiB;
  let victimNode = nodes[2];
  let killedAt;
  let afterKill;
  let postsCaught = 0;
  const spreadMs = BURST_SECONDS * 1000;
  /**
   * The node to kill: the one with the most runs outstanding from the API that survives, so the
   * kill cuts runs that instance must requeue (runs of the API killed with it die with it). The
   * moment: one with a submission on its way to the API about to die (up to 3 s later), so a
   * POST whose fate the learner cannot know is repeated on the other instance.
   */
  async function killNodeAndApi() {
    // The processes about to die keep the /metrics figures of this moment.
    await Promise.all([apiA, victimApi, ...nodes].map(scrape));
    const outstanding = (n) =>
      perNode(lastMetrics.get(apiA.name), "codeground_api_sandbox_runs_outstanding", new URL(n.url).host);
    victimNode = [...nodes].reverse().reduce((best, n) => (outstanding(n) > outstanding(best) ? n : best));
    const until = Date.now() + 3000;
    while (!(victimApi.submitsInFlight > 0) && Date.now() < until) await sleep(2);
    postsCaught = victimApi.submitsInFlight ?? 0;
    afterKill = { leaseRequeues: tally.leaseRequeues, lost: new Map(tally.lostRuns) };
    killedAt = Date.now();
    await Promise.all([cluster.kill(victimNode), cluster.kill(victimApi)]);
    const removed = await cluster.removeContainersOf(victimNode);
    log(
      `scenario 1: SIGKILLed ${victimNode.name} (${outstanding(victimNode)} runs outstanding from ${apiA.name}) and ${victimApi.name} (${postsCaught} submissions on their way to it); removed the ${removed} containers the node left (its machine is gone)`,
    );
  }
  const learners = await burst({
    label: "scenario 1",
    prefix: "s1-",
    count: LEARNERS,
    spreadMs,
    apis,
    nodes: () => nodes,
    events: [[KILL_AT * spreadMs, killNodeAndApi]],
  });
  await judgedLogsSettle();
  await Promise.all([apiA, ...nodes].map(scrape));
  const rows = await storedSubmissions(dbPool, embed.id, "s1-");
  const lat = latencyFigures(learners);
  const victimHost = new URL(victimNode.url).host;
  const lostAfterKill = [...tally.lostRuns.entries()]
    .map(([reason, n]) => [reason, n - (afterKill?.lost.get(reason) ?? 0)])
    .filter(([, n]) => n > 0);
  const retriedPosts = learners.filter((l) => l.postSends.length > 1);
  const movedSessions = learners.filter((l) => l.sessionSends.some((x) => x.status === 0 || x.status >= 500));
  const report1 = [
    ["learners (submissions)", LEARNERS],
    ["spread over", `${BURST_SECONDS} s`],
    [
      "topology",
      `2 APIs × SUBMISSION_CONCURRENCY ${SUBMISSION_CONCURRENCY}; 3 nodes × ${NODE_CONCURRENCY} run at a time`,
    ],
    [
      "killed (SIGKILL)",
      `${victimNode.name} and ${victimApi.name} at ${(KILL_AT * 100).toFixed(0)} % of the burst`,
    ],
    ...lat.rows,
    [
      "judged per minute, by phase",
      phaseRates(learners, [
        ["before the kill", learners.wallStart, killedAt],
        ["kill → last arrival", killedAt, learners.arrivalsEnd],
        ["after the last arrival", learners.arrivalsEnd, Math.max(...learners.map((l) => l.finalWall ?? 0))],
      ]),
    ],
    ["runs per node", ""],
    ...nodeRows(nodes, apis),
    ["runs moved after the kill", ""],
    [
      `  failed over before starting (from ${victimHost})`,
      sumOver(apis, "codeground_api_sandbox_runs_failed_over_total", victimHost),
    ],
    [
      "  lost mid-run, requeued for a judge",
      lostAfterKill.length ? lostAfterKill.map(([r, n]) => `${n} (${r})`).join(", ") : 0,
    ],
    [
      "  held by the dead API, recovered when their lease ran out",
      tally.leaseRequeues - (afterKill?.leaseRequeues ?? 0),
    ],
    ["learner sessions started on the other API instead", movedSessions.length],
    [
      "submissions POSTed again on the other API",
      `${retriedPosts.length} (same Idempotency-Key; ${postsCaught} on their way at the kill)`,
    ],
    [
      "  … which had landed before the kill (answered 200)",
      retriedPosts.filter((l) => l.postStatus === 200).length,
    ],
    ["event streams moved to the other API", learners.filter((l) => l.streamSwitches > 0).length],
    [
      "done events read on",
      Object.entries(groupCount(learners, (l) => l.doneVia))
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    ],
    ["verdicts", verdictCounts(rows)],
    ["lost", rows.length - rows.filter((r) => r.state === "done").length + (LEARNERS - rows.length)],
    ["duplicates (judged twice)", [...tally.judged.values()].filter((s) => s.length > 1).length],
    ["internal_error", rows.filter((r) => r.verdict === "internal_error").length],
  ];
  const checks = check({ learners, rows, tally, testsPerProblem: TESTS, passedFor });
  checks.push({
    name: "the kill hit work in flight (something was moved or recovered)",
    ok:
      lostAfterKill.length > 0 ||
      tally.leaseRequeues > 0 ||
      sumOver(apis, "codeground_api_sandbox_runs_failed_over_total", victimHost) > 0 ||
      retriedPosts.length > 0,
    detail: killedAt ? "see 'runs moved after the kill'" : "no kill happened",
  });
  report("Scenario 1: 2 APIs + 3 sandbox nodes, one of each SIGKILLed mid-burst", report1, checks);
  await Promise.all([...nodes, ...apis].map((c) => cluster.stop(c)));
}

const groupCount = (list, key) => {
  const out = {};
  for (const item of list) {
    const k = key(item) ?? "none";
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

// --- scenario 2: the only node killed while judging a queued burst, started again --------------------------
async function scenarioTwo() {
  tally = createTally();
  const port = await freePort();
  log(`scenario 2: 1 sandbox node (${SINGLE_NODE_CONCURRENCY} runs at a time) and 1 API instance`);
  const node = await cluster.startSandbox({
    name: "s2-node",
    port,
    env: sandboxEnv(SINGLE_NODE_CONCURRENCY),
  });
  const api = await cluster.startApi({ name: "s2-api", port: await freePort(), env: apiEnv([node.url]) });
  embed ??= await seed(api);
  let restarted;
  let killedAt;
  let restartedAt;
  let readyAt;
  let runsBeforeKill = 0;
  const killAfterRuns = Math.max(3, Math.round(QUEUED_BURST / 10));
  log(`scenario 2: ${QUEUED_BURST} submissions at once; the node dies after ${killAfterRuns} runs`);
  const watcher = (async () => {
    while ((tally.nodeRuns.get(node.name) ?? 0) < killAfterRuns) await sleep(100);
    runsBeforeKill = tally.nodeRuns.get(node.name) ?? 0;
    await scrape(node);
    killedAt = Date.now();
    await cluster.kill(node);
    const removed = await cluster.removeContainersOf(node);
    log(
      `scenario 2: SIGKILLed ${node.name} after ${runsBeforeKill} runs (removed its ${removed} containers); back in ${RESTART_AFTER_SECONDS} s`,
    );
    await sleep(RESTART_AFTER_SECONDS * 1000);
    restartedAt = Date.now();
    restarted = await cluster.startSandbox({
      name: "s2-node-restarted",
      port,
      env: sandboxEnv(SINGLE_NODE_CONCURRENCY),
    });
    readyAt = Date.now();
    log(`scenario 2: ${restarted.name} ready on the same port after ${seconds(readyAt - restartedAt)}`);
  })();
  const learners = await burst({
    label: "scenario 2",
    prefix: "s2-",
    count: QUEUED_BURST,
    spreadMs: 1000,
    apis: [api],
    nodes: () => [node, restarted].filter(Boolean),
  });
  await watcher;
  await judgedLogsSettle();
  await Promise.all([api, node, restarted].filter(Boolean).map(scrape));
  const rows = await storedSubmissions(dbPool, embed.id, "s2-");
  const lat = latencyFigures(learners);
  const lostRuns = [...tally.lostRuns.values()].reduce((a, b) => a + b, 0);
  const report2 = [
    ["submissions (queued at once)", QUEUED_BURST],
    [
      "topology",
      `1 API × SUBMISSION_CONCURRENCY ${SUBMISSION_CONCURRENCY}; 1 node × ${SINGLE_NODE_CONCURRENCY} runs at a time`,
    ],
    [
      "node SIGKILLed after",
      `${runsBeforeKill} runs answered; started again on the same port ${RESTART_AFTER_SECONDS} s later`,
    ],
    ...lat.rows,
    ["node away (SIGKILL → ready again)", restartedAt ? seconds(readyAt - killedAt) : "n/a"],
    [
      "ready again → last final",
      readyAt ? seconds(Math.max(...learners.map((l) => l.finalWall ?? 0)) - readyAt) : "n/a",
    ],
    ["runs per node", ""],
    ...nodeRows([node, restarted].filter(Boolean), [api]),
    [
      "runs lost to the dead node, requeued",
      `${lostRuns} (${tally.lostRunIds.size} submissions; ${[...tally.lostRuns.entries()].map(([r, n]) => `${r} ${n}`).join(", ")})`,
    ],
    ["learners shown 'waiting for a judge'", learners.filter((l) => l.sawWaitingForJudge).length],
    ["retried by hand", 0],
    ["verdicts", verdictCounts(rows)],
    ["lost", rows.length - rows.filter((r) => r.state === "done").length + (QUEUED_BURST - rows.length)],
    ["duplicates (judged twice)", [...tally.judged.values()].filter((s) => s.length > 1).length],
    ["internal_error", rows.filter((r) => r.verdict === "internal_error").length],
  ];
  const checks = check({ learners, rows, tally, testsPerProblem: TESTS, passedFor });
  checks.push({
    name: "the kill hit runs in flight (at least one requeued for a judge)",
    ok: lostRuns > 0,
    detail: `${tally.lostRunIds.size} submissions`,
  });
  checks.push({
    name: "judging resumed on the restarted node",
    ok: (tally.nodeRuns.get("s2-node-restarted") ?? 0) > 0,
    detail: `${tally.nodeRuns.get("s2-node-restarted") ?? 0} runs finished there`,
  });
  report(
    "Scenario 2: the only sandbox node SIGKILLed while judging a queued burst, back after 10 s",
    report2,
    checks,
  );
  await Promise.all([restarted ?? node, api].map((c) => cluster.stop(c)));
}

// --- scenario 3: the comparison, 1 API + 1 node, nothing killed ----------------------------------------------
async function scenarioThree() {
  tally = createTally();
  log(`scenario 3: 1 sandbox node (${SINGLE_NODE_CONCURRENCY} runs at a time) and 1 API instance`);
  const node = await cluster.startSandbox({
    name: "s3-node",
    port: await freePort(),
    env: sandboxEnv(SINGLE_NODE_CONCURRENCY),
  });
  const api = await cluster.startApi({ name: "s3-api", port: await freePort(), env: apiEnv([node.url]) });
  embed ??= await seed(api);
  log(`scenario 3: ${LEARNERS} learners over ${BURST_SECONDS} s`);
  const learners = await burst({
    label: "scenario 3",
    prefix: "s3-",
    count: LEARNERS,
    spreadMs: BURST_SECONDS * 1000,
    apis: [api],
    nodes: () => [node],
  });
  await judgedLogsSettle();
  await Promise.all([api, node].map(scrape));
  const rows = await storedSubmissions(dbPool, embed.id, "s3-");
  const lat = latencyFigures(learners);
  const report3 = [
    ["learners (submissions)", LEARNERS],
    ["spread over", `${BURST_SECONDS} s`],
    [
      "topology",
      `1 API × SUBMISSION_CONCURRENCY ${SUBMISSION_CONCURRENCY}; 1 node × ${SINGLE_NODE_CONCURRENCY} runs at a time`,
    ],
    ...lat.rows,
    [
      "judged per minute, by phase",
      phaseRates(learners, [
        ["while learners arrive", learners.wallStart, learners.arrivalsEnd],
        ["after the last arrival", learners.arrivalsEnd, Math.max(...learners.map((l) => l.finalWall ?? 0))],
      ]),
    ],
    ["runs per node", ""],
    ...nodeRows([node], [api]),
    ["verdicts", verdictCounts(rows)],
    ["lost", rows.length - rows.filter((r) => r.state === "done").length + (LEARNERS - rows.length)],
    ["duplicates (judged twice)", [...tally.judged.values()].filter((s) => s.length > 1).length],
    ["internal_error", rows.filter((r) => r.verdict === "internal_error").length],
  ];
  const checks = check({ learners, rows, tally, testsPerProblem: TESTS, passedFor });
  report("Scenario 3 (comparison): 1 API + 1 sandbox node, nothing killed", report3, checks);
  await Promise.all([node, api].map((c) => cluster.stop(c)));
}

// --- run -----------------------------------------------------------------------------------------------------
try {
  if (SCENARIOS.has("1")) await scenarioOne();
  if (SCENARIOS.has("2")) await scenarioTwo();
  if (SCENARIOS.has("3")) await scenarioThree();
} catch (err) {
  console.error(`\nThe benchmark stopped: ${err.stack ?? err.message}`);
  await stopAll(1);
}
const failed = allChecks.filter((c) => !c.ok);
console.log(
  failed.length
    ? `${failed.length} check(s) FAILED:\n${failed.map((c) => `  ${c.scenario}: ${c.name} — ${c.detail}`).join("\n")}`
    : `All ${allChecks.length} checks passed in ${seconds(Date.now() - started)}.`,
);
await stopAll(failed.length ? 1 : 0);
