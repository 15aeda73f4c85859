import { ErrorBody, ProblemDocument, RunResult, Submission, SubmissionPage } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertProblem } from "../src/services/problems/problem-store.js";
import { iso } from "../src/services/shared/clock.js";
import { signUp } from "./support/accounts.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { type DatabaseTarget, databases, type TestDatabase } from "./support/databases.js";
import { createEmbed, signup as signupAuthor, startSession } from "./support/embeds.js";
import { describeDocker, startSandboxService, type TestSandboxService } from "./support/sandbox.js";

/** Hidden tests carry these numbers; no learner-facing answer may contain them. */
const HIDDEN_INPUT = "700000001 2\n";
const HIDDEN_EXPECTED = "700000003\n";

const sumTwo = ProblemDocument.parse({
  slug: "fixture-sum-two",
  title: "Sum two",
  statement: "Print a + b.",
  difficulty: "easy",
  languages: ["python", "cpp", "c"],
  limits: { timeMs: 2000, memoryMb: 128 },
  judge: { mode: "stdio", compare: "tokens" },
  tests: [
    { name: "small", input: "1 2\n", expected: "3\n", sample: true },
    { input: "10 -4\n", expected: "6\n", sample: true },
    { name: "large", input: HIDDEN_INPUT, expected: HIDDEN_EXPECTED },
    { input: "0 0\n", expected: "0\n" },
    { input: "-5 -6\n", expected: "-11\n" },
  ],
});

const arraySum = ProblemDocument.parse({
  slug: "fixture-array-sum",
  title: "Array sum",
  statement: "Return the sum of nums.",
  difficulty: "easy",
  languages: ["python", "javascript"],
  judge: {
    mode: "function",
    function: { name: "solution", params: [{ name: "nums", type: "int[]" }], returns: "long" },
  },
  tests: [
    { args: [[1, 2, 3]], expected: 6, sample: true },
    { args: [[]], expected: 0 },
    { args: [[1_000_000_000, 1_000_000_000, 1_000_000_000]], expected: 3_000_000_000 },
    { args: [Array.from({ length: 5000 }, (_, i) => i)], expected: (4999 * 5000) / 2 },
  ],
});

/** Each test sleeps: long enough to pull the sandbox away mid-judging. */
const slowSum = ProblemDocument.parse({
  ...sumTwo,
  slug: "fixture-slow-sum",
  limits: { timeMs: 5000, memoryMb: 128 },
  tests: [1, 2, 3, 4].map((n) => ({ input: `${n} ${n}\n`, expected: `${2 * n}\n`, sample: n === 1 })),
});

const PY_SUM = "a, b = map(int, input().split())\nprint(a + b)\n";
const PY_WRONG = "a, b = map(int, input().split())\nprint(a + b if abs(a) < 100 else 0)\n";
const PY_SLOW = `import time\n${PY_SUM}time.sleep(1.2)\n`;
const CPP_BROKEN =
  '#include <cstdio>\nint main() { long a, b; scanf("%ld %ld", &a, &b) printf("%ld\\n", a + b); }\n';

async function seedProblems(db: TestDatabase, ...docs: ProblemDocument[]) {
  await db.knex.transaction(async (trx) => {
    for (const doc of docs) await insertProblem(trx, doc, null, iso(Date.now()));
  });
}

let users = 0;
async function signup(api: TestApi): Promise<string> {
  const { token } = await signUp(api, {
    email: `judge${++users}-${Date.now()}@example.com`,
    password: "correct horse battery staple",
  });
  return token;
}

/** Polls until the submission is done. */
async function waitDone(api: TestApi, token: string, id: string, timeoutMs = 90_000): Promise<Submission> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.call("GET", `/api/v1/submissions/${id}`, { token });
    expect(res.status).toBe(200);
    if (res.body.state === "done") return Submission.parse(res.body);
    if (Date.now() > until) throw new Error(`submission ${id} still ${res.body.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface SseEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: events are checked field by field
  data: any;
}

/** Reads an event stream to its end. */
async function readEvents(url: string, token: string, timeoutMs = 90_000) {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const events: SseEvent[] = [];
  const text = await response.text();
  for (const block of text.split("\n\n")) {
    const lines = block.split("\n").filter((l) => l && !l.startsWith(":"));
    const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
    const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
    if (event && data) events.push({ event, data: JSON.parse(data) });
  }
  return { status: response.status, type: response.headers.get("content-type"), events, text };
}

describeDocker("runs and submissions", () => {
  let service: TestSandboxService;

  beforeAll(async () => {
    service = await startSandboxService();
  });
  afterAll(async () => {
    await service?.close();
  });

  describe.each(databases)("on $name", (target: DatabaseTarget) => {
    let db: TestDatabase;
    let api: TestApi;
    let alice: string;
    let bob: string;

    beforeAll(async () => {
      db = await target.create();
      await seedProblems(db, sumTwo, arraySum, slowSum);
      api = await startApi(db.knex, { sandbox: service.client, submissions: { executionsPerMinute: 1000 } });
      alice = await signup(api);
      bob = await signup(api);
    });
    afterAll(async () => {
      await api?.close();
      await db?.destroy();
    });

    const submit = (token: string, slug: string, body: unknown, headers: Record<string, string> = {}) =>
      api.call("POST", `/api/v1/problems/${slug}/submissions`, { token, body, headers });

    it("reports the sandbox as available in /readyz", async () => {
      expect((await api.call("GET", "/readyz")).body).toEqual({ ready: true, database: true, sandbox: true });
    });

    it("runs the sample tests only, showing input, expected and actual output", async () => {
      const res = await api.call("POST", `/api/v1/problems/${sumTwo.slug}/run`, {
        token: alice,
        body: { language: "python", code: PY_SUM },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const run = RunResult.parse(res.body);
      expect(run).toMatchObject({ verdict: "accepted", passed: 2, total: 2 });
      expect(run.tests).toEqual([
        expect.objectContaining({
          index: 0,
          name: "small",
          sample: true,
          input: "1 2\n",
          expected: "3\n",
          stdout: "3\n",
        }),
        expect.objectContaining({ index: 1, sample: true, input: "10 -4\n", expected: "6\n", stdout: "6\n" }),
      ]);
      expect(JSON.stringify(res.body)).not.toContain("700000001");
    });

    it("queues a submission (202), streams each test then done, and keeps hidden tests hidden", async () => {
      const res = await submit(alice, sumTwo.slug, { language: "python", code: PY_SUM });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toMatchObject({ state: "queued", problem: sumTwo.slug, language: "python", total: 5 });
      const id = res.body.id as string;

      const stream = await readEvents(`${api.url}/api/v1/submissions/${id}/events`, alice);
      expect(stream.status).toBe(200);
      expect(stream.type).toMatch(/^text\/event-stream/);
      const kinds = stream.events.map((e) => e.event);
      expect(kinds[0]).toBe("state");
      expect(kinds.filter((k) => k === "test")).toHaveLength(5);
      expect(kinds.at(-1)).toBe("done");
      expect(kinds.lastIndexOf("test")).toBeLessThan(kinds.indexOf("done"));
      expect(stream.events.filter((e) => e.event === "test").map((e) => e.data.index)).toEqual([
        0, 1, 2, 3, 4,
      ]);
      expect(stream.text).not.toContain("700000001");
      expect(stream.text).not.toContain("700000003");

      const got = await api.call("GET", `/api/v1/submissions/${id}`, { token: alice });
      const submission = Submission.parse(got.body);
      expect(submission).toMatchObject({ state: "done", verdict: "accepted", passed: 5, total: 5 });
      expect(submission.finishedAt).toBeTruthy();
      expect(submission.timeMs).toBeGreaterThanOrEqual(0);
      const raw = JSON.stringify(got.body);
      expect(raw).not.toContain("700000001");
      expect(raw).not.toContain("700000003");
      for (const test of got.body.tests) {
        if (test.sample)
          expect(Object.keys(test)).toEqual(expect.arrayContaining(["input", "expected", "stdout"]));
        else {
          for (const hidden of ["input", "expected", "stdout", "stderr"])
            expect(test).not.toHaveProperty(hidden);
        }
      }
      expect(got.body.tests[2]).toMatchObject({ name: "large", sample: false, verdict: "accepted" });

      // Connecting after the end: the final state at once.
      const late = await readEvents(`${api.url}/api/v1/submissions/${id}/events`, alice, 5000);
      expect(late.events.map((e) => e.event).at(-1)).toBe("done");
      expect(late.events.at(-1)?.data.verdict).toBe("accepted");
    });

    it("judges a wrong answer on a hidden test", async () => {
      const res = await submit(alice, sumTwo.slug, { language: "python", code: PY_WRONG });
      const done = await waitDone(api, alice, res.body.id);
      expect(done).toMatchObject({ verdict: "wrong_answer", passed: 4, total: 5 });
      expect(done.tests.map((t) => t.verdict)).toEqual([
        "accepted",
        "accepted",
        "wrong_answer",
        "accepted",
        "accepted",
      ]);
    });

    it("reports a compilation error with the compiler's message", async () => {
      const res = await submit(alice, sumTwo.slug, { language: "cpp", code: CPP_BROKEN });
      const done = await waitDone(api, alice, res.body.id);
      expect(done).toMatchObject({ verdict: "compilation_error", passed: 0, total: 5, tests: [] });
      expect(done.message).toMatch(/error/i);
    });

    it("judges function-mode problems through the harness", async () => {
      const right = await submit(alice, arraySum.slug, {
        language: "python",
        code: "def solution(nums):\n    return sum(nums)\n",
      });
      const wrong = await submit(alice, arraySum.slug, {
        language: "javascript",
        code: "function solution(nums) { return nums.length ? nums[0] : 0; }",
      });
      expect((await waitDone(api, alice, right.body.id)).verdict).toBe("accepted");
      const failed = await waitDone(api, alice, wrong.body.id);
      expect(failed.verdict).toBe("wrong_answer");
      expect(failed.tests[0]).toMatchObject({
        sample: true,
        verdict: "wrong_answer",
        input: "[[1,2,3]]",
        expected: "6",
      });
    });

    it("answers a repeated Idempotency-Key with the first submission (200), per actor", async () => {
      const headers = { "Idempotency-Key": `key-${target.name}-1` };
      const first = await submit(alice, sumTwo.slug, { language: "python", code: PY_SUM }, headers);
      const again = await submit(alice, sumTwo.slug, { language: "python", code: PY_SUM }, headers);
      expect(first.status).toBe(202);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const bobs = await submit(bob, sumTwo.slug, { language: "python", code: PY_SUM }, headers);
      expect(bobs.status).toBe(202);
      expect(bobs.body.id).not.toBe(first.body.id);
      const racing = await Promise.all(
        [1, 2, 3].map(() =>
          submit(
            alice,
            sumTwo.slug,
            { language: "python", code: PY_SUM },
            { "Idempotency-Key": `race-${target.name}` },
          ),
        ),
      );
      expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
      expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 202]);
      expectError(
        await submit(
          alice,
          sumTwo.slug,
          { language: "python", code: PY_SUM },
          { "Idempotency-Key": "has space" },
        ),
        400,
        "invalid_idempotency_key",
      );
      await waitDone(api, alice, first.body.id);
      await waitDone(api, bob, bobs.body.id);
    });

    it("shows a submission to its owner only; lists are one's own, by problem, in cursor pages", async () => {
      const mine = await submit(alice, sumTwo.slug, { language: "python", code: PY_SUM });
      const id = mine.body.id as string;
      expectError(
        await api.call("GET", `/api/v1/submissions/${id}`, { token: bob }),
        404,
        "submission_not_found",
      );
      expectError(await api.call("GET", `/api/v1/submissions/${id}/events`, { token: bob }), 404);
      expectError(await api.call("POST", `/api/v1/submissions/${id}/retry`, { token: bob }), 404);
      expectError(await api.call("GET", "/api/v1/submissions/not-an-id", { token: alice }), 404);
      await waitDone(api, alice, id);

      const bobsList = SubmissionPage.parse(
        (await api.call("GET", "/api/v1/submissions", { token: bob })).body,
      );
      expect(bobsList.items.every((s) => s.id !== id)).toBe(true);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/api/v1/submissions?problem=${sumTwo.slug}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const page = SubmissionPage.parse((await api.call("GET", q, { token: alice })).body);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((s) => s.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toContain(id);
      expect(new Set(seen).size).toBe(seen.length);
      const all = await db.knex("submissions").whereNotNull("user_id").count({ n: "*" }).first();
      expect(seen.length).toBeLessThan(Number(all?.n));
      const other = SubmissionPage.parse(
        (await api.call("GET", `/api/v1/submissions?problem=${arraySum.slug}`, { token: alice })).body,
      );
      expect(other.items.every((s) => s.problem === arraySum.slug)).toBe(true);
      expectError(await api.call("GET", "/api/v1/submissions?cursor=bogus", { token: alice }), 400);
    });

    it("lets embed learners submit as themselves: their own submissions only, the embed's problems and rate", async () => {
      const author = await signupAuthor(api);
      const embed = await createEmbed(api, author.token, { problems: [sumTwo.slug], executionsPerMinute: 3 });
      const session = await startSession(api, embed.publishableKey, { anonymousId: "b".repeat(20) });
      expect(session.status, JSON.stringify(session.body)).toBe(201);
      const learner = session.body.token as string;

      const made = await submit(learner, sumTwo.slug, { language: "python", code: PY_SUM });
      expect(made.status, JSON.stringify(made.body)).toBe(202);
      const row = await db.knex("submissions").where({ id: made.body.id }).first();
      expect(row).toMatchObject({ user_id: null, embed_id: embed.id, learner_ref: session.body.learner.ref });
      expect((await waitDone(api, learner, made.body.id)).verdict).toBe("accepted");
      const finished = await api.call("GET", `/api/v1/submissions/${made.body.id}/events`, {
        token: learner,
      });
      expect(finished.body).toContain("event: done");

      expectError(await api.call("GET", `/api/v1/submissions/${made.body.id}`, { token: alice }), 404);
      const alices = await submit(alice, sumTwo.slug, { language: "python", code: PY_SUM });
      expectError(await api.call("GET", `/api/v1/submissions/${alices.body.id}`, { token: learner }), 404);
      const mine = SubmissionPage.parse(
        (await api.call("GET", "/api/v1/submissions", { token: learner })).body,
      );
      expect(mine.items.map((s) => s.id)).toEqual([made.body.id]);

      expectError(await submit(learner, arraySum.slug, { language: "python", code: PY_SUM }), 404);
      const runs = [];
      for (let i = 0; i < 3; i++) {
        runs.push(
          await api.call("POST", "/api/v1/executions", {
            token: learner,
            body: { language: "python", code: "print(1)" },
          }),
        );
      }
      expect(runs.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(Number(runs[2]?.headers.get("retry-after"))).toBeGreaterThan(0);
      await waitDone(api, alice, alices.body.id);
    });

    it("asks who you are (401) before anything else", async () => {
      expectError(
        await api.call("POST", `/api/v1/problems/${sumTwo.slug}/submissions`, {
          body: { language: "python", code: PY_SUM },
        }),
        401,
      );
      expectError(await api.call("POST", `/api/v1/problems/${sumTwo.slug}/run`, { body: {} }), 401);
      expectError(await api.call("GET", "/api/v1/submissions"), 401);
      expectError(
        await api.call("POST", "/api/v1/executions", { body: { language: "python", code: "print(1)" } }),
        401,
      );
    });

    it("refuses a language the problem does not take, missing code, code too large, an unknown problem", async () => {
      const post = (body: unknown, slug = sumTwo.slug) => submit(alice, slug, body);
      expectError(await post({ language: "java", code: PY_SUM }), 400, "language_not_allowed");
      expectError(await post({ language: "cobol", code: PY_SUM }), 400, "language_not_allowed");
      expectError(await post({ language: "python" }), 400, "invalid_request");
      expectError(await post({ language: "python", code: "" }), 400, "invalid_request");
      expectError(
        await post({ language: "python", code: "x".repeat(64 * 1024 + 1) }),
        400,
        "invalid_request",
      );
      expectError(await post({ language: "python", code: PY_SUM, extra: 1 }), 400, "invalid_request");
      expectError(await post({ language: "python", code: PY_SUM }, "no-such-problem"), 404);
      expectError(
        await api.call("POST", `/api/v1/problems/${sumTwo.slug}/run`, {
          token: alice,
          body: { language: "c" },
        }),
        400,
      );
      expectError(
        await api.call("POST", "/api/v1/executions", {
          token: alice,
          body: { language: "cobol", code: "x" },
        }),
        400,
        "unknown_language",
      );
    });

    it("runs a free-form program with stdin", async () => {
      const res = await api.call("POST", "/api/v1/executions", {
        token: alice,
        body: { language: "python", code: "print(input()[::-1])", stdin: "judge\n" },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ status: "accepted", run: { stdout: "egduj\n", exitCode: 0 } });
    });

    it("answers a flood with clean 429s and judges every submission it accepted", async () => {
      const limited = await startApi(db.knex, {
        sandbox: service.client,
        submissions: { executionsPerMinute: 6 },
      });
      try {
        const carol = await signup(limited);
        const answers = await Promise.all(
          Array.from({ length: 15 }, () =>
            limited.call("POST", `/api/v1/problems/${sumTwo.slug}/submissions`, {
              token: carol,
              body: { language: "python", code: PY_SUM },
            }),
          ),
        );
        const accepted = answers.filter((a) => a.status === 202);
        const refused = answers.filter((a) => a.status === 429);
        expect(accepted).toHaveLength(6);
        expect(refused).toHaveLength(9);
        for (const r of refused) {
          expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
          expect(ErrorBody.parse(r.body).error.type).toBe("rate_limit");
        }
        const done = await Promise.all(accepted.map((a) => waitDone(limited, carol, a.body.id)));
        expect(done.filter((s) => s.verdict === "accepted")).toHaveLength(accepted.length);
        const rows = await db
          .knex("submissions")
          .whereIn(
            "id",
            accepted.map((a) => a.body.id),
          )
          .where({ state: "done" });
        expect(rows).toHaveLength(6);
      } finally {
        await limited.close();
      }
    });

    it("requeues a submission left running by a crashed instance, and a new instance finishes it", async () => {
      const made = await submit(alice, sumTwo.slug, { language: "python", code: PY_SUM });
      await waitDone(api, alice, made.body.id);
      // As if an instance claimed it and died: running, lease long expired.
      await db
        .knex("submissions")
        .where({ id: made.body.id })
        .update({
          state: "running",
          verdict: null,
          attempts: 1,
          lease_until: iso(api.clock.now() - 60_000),
          finished_at: null,
        });
      await db.knex("submission_results").where({ submission_id: made.body.id }).del();
      const restarted = await startApi(db.knex, { sandbox: service.client });
      try {
        const done = await waitDone(restarted, alice, made.body.id);
        expect(done).toMatchObject({ verdict: "accepted", passed: 5 });
        const row = await db.knex("submissions").where({ id: made.body.id }).first();
        expect(Number(row.attempts)).toBe(2);
      } finally {
        await restarted.close();
      }
    });

    it("keeps a worker that lost its claim mid-run from writing test results beside the new claim's", async () => {
      const made = await submit(alice, slowSum.slug, { language: "python", code: PY_SLOW });
      expect(made.status).toBe(202);
      const id = made.body.id as string;
      const stored = async () => db.knex("submission_results").where({ submission_id: id }).select("ordinal");
      // Its first test is through: the worker is mid-run.
      for (let i = 0; i < 300 && (await stored()).length === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      // As if that instance could not reach the database for longer than the lease (a network
      // partition, a paused VM): its lease runs out while its run goes on in the sandbox.
      await db
        .knex("submissions")
        .where({ id })
        .update({ lease_until: iso(api.clock.now() - 1000) });
      const other = await startApi(db.knex, { sandbox: service.client });
      try {
        const done = await waitDone(other, alice, id);
        // Both workers are finished: the one that lost the claim, and the one that judged.
        for (
          let i = 0;
          i < 300 && (api.app.submissions.queue.active > 0 || other.app.submissions.queue.active > 0);
          i++
        )
          await new Promise((r) => setTimeout(r, 50));
        const row = await db.knex("submissions").where({ id }).first("attempts");
        expect(Number(row.attempts)).toBe(2);
        expect(done).toMatchObject({ verdict: "accepted", passed: 4, total: 4 });
        const ordinals = (await stored()).map((r) => Number(r.ordinal)).sort();
        expect(ordinals).toEqual([0, 1, 2, 3]);
        expect((await waitDone(api, alice, id)).tests).toHaveLength(4);
      } finally {
        await other.close();
      }
    });

    it("gives up a submission whose lease expired too often, as an internal error", async () => {
      const made = await submit(alice, sumTwo.slug, { language: "python", code: PY_SUM });
      await waitDone(api, alice, made.body.id);
      await db
        .knex("submissions")
        .where({ id: made.body.id })
        .update({
          state: "running",
          verdict: null,
          attempts: 3,
          lease_until: iso(api.clock.now() - 1000),
        });
      const restarted = await startApi(db.knex, { sandbox: service.client });
      try {
        const done = await waitDone(restarted, alice, made.body.id);
        expect(done.verdict).toBe("internal_error");
        expect(done.message).toMatch(/retry/i);
      } finally {
        await restarted.close();
      }
    });
  });

  describe("when the sandbox goes away mid-judging", () => {
    let db: TestDatabase;
    let api: TestApi;
    let own: TestSandboxService;
    let token: string;

    beforeAll(async () => {
      db = await (databases[0] as DatabaseTarget).create();
      await seedProblems(db, slowSum);
      own = await startSandboxService();
      // No wait for a judge: a lost run ends as internal_error at once (sandbox-pool.test.ts covers the wait).
      api = await startApi(db.knex, { sandbox: own.client, submissions: { judgeWaitMs: 0 } });
      token = await signup(api);
    });
    afterAll(async () => {
      await api?.close();
      await own?.close().catch(() => undefined);
      await db?.destroy();
    });

    it("ends the submission as internal_error with a message, and a retry after the restart is judged", async () => {
      const port = Number(new URL(own.url).port);
      const finished: string[] = [];
      api.app.submissions.events.on("finished", (s) => finished.push(`${s.id}:${s.verdict}`));
      const made = await api.call("POST", `/api/v1/problems/${slowSum.slug}/submissions`, {
        token,
        body: { language: "python", code: PY_SLOW },
      });
      expect(made.status).toBe(202);
      const id = made.body.id as string;
      // Wait until it is running and a first test is through, then pull the plug.
      for (let i = 0; i < 300; i++) {
        const n = await db.knex("submission_results").where({ submission_id: id }).count({ n: "*" }).first();
        if (Number(n?.n) > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await own.kill();
      const failed = await waitDone(api, token, id);
      expect(failed.verdict).toBe("internal_error");
      expect(failed.message).toMatch(/unavailable.*retry/i);
      expect(finished).toContain(`${id}:internal_error`);

      expectError(
        await api.call("POST", "/api/v1/executions", {
          token,
          body: { language: "python", code: "print(1)" },
        }),
        503,
        "sandbox_unavailable",
      );

      own = await startSandboxService({ port, token: own.token });
      const retried = await api.call("POST", `/api/v1/submissions/${id}/retry`, { token });
      expect(retried.status, JSON.stringify(retried.body)).toBe(202);
      expect(retried.body.state).toBe("queued");
      const done = await waitDone(api, token, id);
      expect(done).toMatchObject({ verdict: "accepted", passed: 4, total: 4 });
      expect(done.tests).toHaveLength(4);
      expectError(await api.call("POST", `/api/v1/submissions/${id}/retry`, { token }), 409, "not_retryable");
    });
  });
});
