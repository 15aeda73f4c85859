// What the deadline-burst benchmark counts: a tally of the children's log records per scenario,
// the API's /metrics per-node counters, the database's view of each submission, and the checks.

/** Prometheus text → { "name{labels}": value }, counters and gauges alike. */
export function parseMetrics(text) {
  const out = {};
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    out[line.slice(0, cut)] = Number(line.slice(cut + 1));
  }
  return out;
}

/** The value of `name` for `node` in parsed metrics, 0 when absent. */
export const perNode = (metrics, name, node) => metrics?.[`${name}{node="${node}"}`] ?? 0;

/** What a sandbox node's /metrics says: runs finished, and the time runs took and waited. */
export function sandboxFigures(metrics = {}) {
  const total = (prefix) =>
    Object.entries(metrics)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((n, [, v]) => n + v, 0);
  return {
    finished: total("codeground_sandbox_runs_total{"),
    runSeconds: total("codeground_sandbox_run_seconds_sum"),
    runs: total("codeground_sandbox_run_seconds_count"),
    waitSeconds: total("codeground_sandbox_queue_wait_seconds_sum"),
    waits: total("codeground_sandbox_queue_wait_seconds_count"),
  };
}

/**
 * Counts, from the children's pino records, what each scenario's processes did: runs each
 * sandbox node answered (its `request` log line for a streamed `POST /v1/runs`, written once the
 * first test's result is on its way: the run started answering), each "submission judged" (one
 * per `done` written), and the judging worker's requeues.
 */
export function createTally() {
  return {
    nodeRuns: new Map(),
    nodeRefusals: new Map(),
    judged: new Map(),
    lostRuns: new Map(),
    lostRunIds: new Set(),
    leaseRequeues: 0,
    abandoned: 0,
    capacity: 0,
    judgeFailures: 0,
    healthChanges: [],
    record(rec, child) {
      if (rec.msg === "request" && rec.method === "POST" && rec.path === "/v1/runs") {
        const map = rec.status === 200 ? this.nodeRuns : this.nodeRefusals;
        map.set(child.name, (map.get(child.name) ?? 0) + 1);
        return;
      }
      switch (rec.msg) {
        case "submission judged": {
          const seen = this.judged.get(rec.submissionId) ?? [];
          seen.push({ api: child.name, verdict: rec.verdict });
          this.judged.set(rec.submissionId, seen);
          break;
        }
        case "no sandbox answered; the submission waits queued for a judge":
          this.lostRuns.set(rec.reason, (this.lostRuns.get(rec.reason) ?? 0) + 1);
          this.lostRunIds.add(rec.submissionId);
          break;
        case "submission requeued after its lease expired":
          this.leaseRequeues++;
          break;
        case "submission given up after lost leases":
          this.abandoned++;
          break;
        case "sandbox at capacity; submission waits queued":
          this.capacity++;
          break;
        case "judging failed; the submission ends as an internal error":
          this.judgeFailures++;
          break;
        case "sandbox node health changed":
          this.healthChanges.push(`${child.name}: ${rec.node} ${rec.health}`);
          break;
      }
    },
  };
}

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

export function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Every submission of one scenario as stored, with its per-test result rows counted. */
export async function storedSubmissions(pool, embedId, refPrefix) {
  const { rows } = await pool.query(
    `select s.id, s.learner_ref, s.state, s.verdict, s.passed, s.total, s.attempts,
            (select count(*) from submission_results r where r.submission_id = s.id) as results,
            (select count(distinct r.ordinal) from submission_results r where r.submission_id = s.id) as ordinals
       from submissions s
      where s.embed_id = $1 and s.learner_ref like $2`,
    [embedId, `sub:${refPrefix}%`],
  );
  return rows.map((r) => ({
    ...r,
    passed: Number(r.passed),
    total: Number(r.total),
    attempts: Number(r.attempts),
    results: Number(r.results),
    ordinals: Number(r.ordinals),
  }));
}

/**
 * The checks of one scenario: every learner's submission stored once, done, with the expected
 * verdict (the one the learner saw, too), judged once, its test results written once; no
 * `internal_error`; the sandbox answered no more runs than one per submission plus those a dead
 * process explains. Returns [{ name, ok, detail }].
 */
export function check({ learners, rows, tally, testsPerProblem, passedFor }) {
  const byRef = new Map();
  for (const row of rows) {
    const list = byRef.get(row.learner_ref) ?? [];
    list.push(row);
    byRef.set(row.learner_ref, list);
  }
  const clientErrors = learners.filter((l) => l.error && !l.id);
  const followErrors = learners.filter((l) => l.id && l.error);
  const lost = learners.filter((l) => {
    const mine = byRef.get(`sub:${l.ref}`) ?? [];
    return mine.length === 0 || mine.every((r) => r.state !== "done");
  });
  const duplicateRows = [...byRef.values()].filter((list) => list.length > 1);
  const internal = rows.filter((r) => r.verdict === "internal_error");
  const wrongVerdict = learners.filter((l) => {
    const row = byRef.get(`sub:${l.ref}`)?.[0];
    return row?.state === "done" && (row.verdict !== l.expect || row.passed !== passedFor(l.expect));
  });
  const sawOther = learners.filter(
    (l) => l.verdict !== undefined && l.verdict !== byRef.get(`sub:${l.ref}`)?.[0]?.verdict,
  );
  const judgedTwice = [...tally.judged.entries()].filter(([, seen]) => seen.length > 1);
  const ids = new Set(rows.map((r) => r.id));
  const neverJudged = rows.filter((r) => r.state === "done" && !tally.judged.has(r.id));
  const badResults = rows.filter(
    (r) => r.state === "done" && (r.results !== testsPerProblem || r.ordinals !== testsPerProblem),
  );
  const answered = [...tally.nodeRuns.values()].reduce((a, b) => a + b, 0);
  const extraRuns = answered - rows.length;
  // A run is done twice only for a cause: the API instance that started it died (its lease ran
  // out and another instance judged the submission again), or the node died while the answer was
  // on its way (it logged the run, the API read a broken stream and requeued the submission).
  const cutOff = tally.lostRuns.get("sandbox_stream_broken") ?? 0;
  const explained = tally.leaseRequeues + cutOff;
  const judgedHere = [...tally.judged.keys()].filter((id) => ids.has(id)).length;

  return [
    {
      name: "every learner's submission was accepted (202, or 200 for a repeat)",
      ok: clientErrors.length === 0,
      detail: clientErrors.length
        ? `${clientErrors.length} client errors: ${[...new Set(clientErrors.map((l) => l.error))].join("; ")}`
        : `${learners.length} of ${learners.length}`,
    },
    {
      name: "every learner saw a done event",
      ok: followErrors.length === 0,
      detail: followErrors.length
        ? `${followErrors.length}: ${[...new Set(followErrors.map((l) => l.error))].join("; ")}`
        : "all",
    },
    {
      name: "one submission row per learner (no duplicate from a repeated POST)",
      ok: duplicateRows.length === 0 && rows.length === learners.length - clientErrors.length,
      detail: `${rows.length} rows, ${duplicateRows.length} learners with more than one`,
    },
    { name: "none lost (every submission done)", ok: lost.length === 0, detail: `${lost.length} lost` },
    { name: "no internal_error", ok: internal.length === 0, detail: `${internal.length}` },
    {
      name: "each verdict (and passed count) the expected one",
      ok: wrongVerdict.length === 0,
      detail: wrongVerdict.length
        ? `${wrongVerdict.length} wrong: ${wrongVerdict
            .slice(0, 5)
            .map((l) => `${l.ref} expected ${l.expect}`)
            .join(", ")}`
        : "all",
    },
    {
      name: "the learner saw the stored verdict",
      ok: sawOther.length === 0,
      detail: `${sawOther.length} differ`,
    },
    {
      name: "judged exactly once (one 'submission judged' per submission across instances)",
      ok: judgedTwice.length === 0 && neverJudged.length === 0 && judgedHere === rows.length,
      detail: `${judgedHere} judged once, ${judgedTwice.length} twice or more, ${neverJudged.length} done without a judging`,
    },
    {
      name: `test results written once (${testsPerProblem} rows, ${testsPerProblem} ordinals each)`,
      ok: badResults.length === 0,
      detail: `${badResults.length} submissions otherwise`,
    },
    {
      name: "no sandbox run repeated without a cause (a dead API's lease recovered, an answer cut off by a dead node)",
      ok: extraRuns <= explained,
      detail: `${answered} runs answered for ${rows.length} submissions: ${extraRuns} extra; causes: ${tally.leaseRequeues} lease recoveries, ${cutOff} answers cut off`,
    },
  ];
}

/** Prints a two-column table under a title. */
export function printTable(title, rows) {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}\n`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

export function printChecks(checks) {
  console.log("");
  for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"}  ${c.name}: ${c.detail}`);
}
