import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeDocker,
  startSandboxService,
  type TestSandboxService,
} from "../../platform-api/test/support/sandbox.js";
import { Codeground, ConflictError, type Submission, type SubmissionEvent } from "../src/index.js";
import { createTestDatabase, newAccount, PY_SUM, startApi, sumProblem, type TestApi } from "./support/api.js";

type Client = Awaited<ReturnType<typeof newAccount>>["cg"];

describeDocker("running and judging code through the SDK (real sandbox)", () => {
  let service: TestSandboxService;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: TestApi;
  let author: Client;
  let slug: string;

  beforeAll(async () => {
    service = await startSandboxService();
    db = await createTestDatabase();
    api = await startApi(db.knex, { sandbox: service.client, submissions: { executionsPerMinute: 1000 } });
    author = (await newAccount(api, "author")).cg;
    slug = (await author.problems.create(sumProblem())).slug;
  });
  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await service?.close();
  });

  it("runs the sample tests at once (problems.run and runs.create)", async () => {
    const run = await author.problems.run(slug, { language: "python", code: PY_SUM });
    expect(run).toMatchObject({ verdict: "accepted", passed: 1, total: 1 });
    expect(run.tests[0]).toMatchObject({ sample: true, input: "1 2\n", expected: "3\n", stdout: "3\n" });
    const wrong = await author.runs.create(slug, { language: "python", code: "print(0)\n" });
    expect(wrong.verdict).toBe("wrong_answer");
  });

  it("runs a free-form program with stdin", async () => {
    const result = await author.executions.create({
      language: "python",
      code: "print(input()[::-1])\n",
      stdin: "olleh\n",
    });
    expect(result.status).toBe("accepted");
    expect(result.run?.stdout).toBe("hello\n");
  });

  it("submits, follows the event stream to the verdict, and reads the submission back", async () => {
    const { cg } = await newAccount(api);
    const submission = await cg.submissions.create(slug, { language: "python", code: PY_SUM });
    expect(submission).toMatchObject({ problem: slug, language: "python", total: 3 });
    expect(submission.state).not.toBe("done");

    const events: SubmissionEvent[] = [];
    for await (const event of cg.submissions.events(submission.id)) events.push(event);
    expect(events[0]?.type).toBe("state");
    expect(
      events.filter((e) => e.type === "test").map((e) => (e.type === "test" ? e.data.index : -1)),
    ).toEqual([0, 1, 2]);
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error("the stream ended without done");
    expect(done.data).toMatchObject({ state: "done", verdict: "accepted", passed: 3, total: 3 });
    // Hidden tests' data never reaches a learner.
    expect(done.data.tests[1]).not.toHaveProperty("input");

    const { feedback: _feedback, ...read } = await cg.submissions.get(submission.id);
    expect(read).toEqual(done.data);
    // Following a finished submission answers at once.
    expect((await cg.submissions.wait(submission.id)).verdict).toBe("accepted");
  });

  it("waits for a wrong answer, and lists your submissions page by page", async () => {
    const { cg } = await newAccount(api);
    const wrong = await cg.submissions.create(slug, {
      language: "python",
      code: "a, b = map(int, input().split())\nprint(a + b if a > 0 else 0)\n",
    });
    const judged = await cg.submissions.wait(wrong.id);
    expect(judged).toMatchObject({ state: "done", verdict: "wrong_answer", passed: 2 });
    expect(judged.tests.map((t) => t.verdict)).toEqual(["accepted", "accepted", "wrong_answer"]);

    api.clock.advance(1000); // newest first: a later creation time
    const right = await cg.submissions.create(slug, { language: "python", code: PY_SUM });
    await cg.submissions.wait(right.id);
    const page = await cg.submissions.list({ limit: 1 });
    expect(page.items.map((s) => s.id)).toEqual([right.id]);
    const ids: string[] = [];
    for await (const s of cg.submissions.iterate({ problem: slug, limit: 1 })) ids.push(s.id);
    expect(ids).toEqual([right.id, wrong.id]);
  });

  it("answers a repeated idempotency key with the first submission instead of a second one", async () => {
    const { cg } = await newAccount(api);
    const key = `sdk-idem-${Date.now()}`;
    const first = await cg.submissions.create(
      slug,
      { language: "python", code: PY_SUM },
      { idempotencyKey: key },
    );
    const again = await cg.submissions.create(
      slug,
      { language: "python", code: PY_SUM },
      { idempotencyKey: key },
    );
    expect(again.id).toBe(first.id);
    expect((await cg.submissions.list()).items).toHaveLength(1);
    await cg.submissions.wait(first.id);
  });

  it("stops following when the signal aborts", async () => {
    const { cg } = await newAccount(api);
    const slow = await cg.submissions.create(slug, {
      language: "python",
      code: `import time\ntime.sleep(1)\n${PY_SUM}`,
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const err = await (async () => {
      for await (const event of cg.submissions.events(slow.id, { signal: controller.signal })) {
        seen.push(event.type);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["state"]);
    expect(err).toMatchObject({ name: "AbortError" });
    expect((await cg.submissions.wait(slow.id)).verdict).toBe("accepted");
  });

  it("retries a submission whose judging failed, once a sandbox is back", async () => {
    // An API instance without a sandbox ends submissions as internal_error.
    const broken = await startApi(db.knex);
    let failed: Submission;
    const { cg, token } = await newAccount(broken);
    try {
      const submission = await cg.submissions.create(slug, { language: "python", code: PY_SUM });
      failed = await cg.submissions.wait(submission.id);
    } finally {
      await broken.close();
    }
    expect(failed.verdict).toBe("internal_error");
    // The same account, through the instance that has the sandbox.
    const onWorking = new Codeground({ baseUrl: api.url, token });
    const requeued = await onWorking.submissions.retry(failed.id);
    expect(requeued.state).not.toBe("done");
    expect((await onWorking.submissions.wait(failed.id)).verdict).toBe("accepted");
    await expect(onWorking.submissions.retry(failed.id)).rejects.toBeInstanceOf(ConflictError);
  });
});
