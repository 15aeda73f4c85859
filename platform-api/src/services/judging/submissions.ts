import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import {
  EngineUnavailableError,
  OverloadedError,
  type SandboxRunner,
  type TestResult,
} from "@codeground/sandbox";
import type {
  Submission,
  SubmissionQuery,
  SubmissionSummary,
  SubmitRequest,
  TestOutcome,
} from "@codeground/sdk";
import type { Knex } from "knex";
import type { Logger } from "pino";
import type { z } from "zod";
import { fail } from "../../http/errors.js";
import { type Clock, iso } from "../shared/clock.js";
import { latestFeedback } from "../tutor/feedback.js";
import { assertMayRunCode, type CodeActor, type ExecutionLimit } from "./execution-limit.js";
import {
  type JudgedProblem,
  type JudgedTest,
  judgementOf,
  outcomeOf,
  outcomeView,
  runRequestFor,
  type StoredOutcome,
} from "./judging.js";
import { judgingFailedMessage } from "./sandbox.js";
import {
  type Claim,
  createSubmissionQueue,
  defaultQueueSettings,
  type QueueSettings,
} from "./submission-queue.js";

/** Where judging gets a problem and all its tests (the problems service). */
export interface JudgingSource {
  /** Throws not_found when the actor may not see the problem. */
  forJudging(slug: string, actor: CodeActor): Promise<{ problem: JudgedProblem; tests: JudgedTest[] }>;
  /** The problem and how many tests it has, without reading them (a submission is judged later). */
  forSubmitting(slug: string, actor: CodeActor): Promise<{ problem: JudgedProblem; total: number }>;
  /** The same by id, for the worker: access was checked when the submission was made. */
  byId(problemId: string): Promise<{ problem: JudgedProblem; tests: JudgedTest[] } | undefined>;
}

/**
 * Which assignment a submission counts for (the courses service): the one named, or the learner
 * session's; null for none. Throws the refusal when the assignment does not accept it now.
 */
export interface SubmissionAssignments {
  forSubmission(actor: CodeActor, slug: string, named: string | undefined): Promise<string | null>;
}

/** Who a submission belongs to, for the `finished` event's listeners (webhooks, widget results). */
export interface SubmissionOwner {
  userId: string | null;
  embedId: string | null;
  learnerRef: string | null;
}

/** Progress of one submission, as `GET /submissions/:id/events` relays it. */
export type Progress =
  | { type: "state"; data: { id: string; state: "queued" | "running"; waitingForJudge?: boolean } }
  | { type: "test"; data: TestOutcome }
  | { type: "done"; data: Submission };

export interface SubmissionEvents {
  on(event: "finished", listener: (submission: Submission, owner: SubmissionOwner) => void): this;
  off(event: "finished", listener: (submission: Submission, owner: SubmissionOwner) => void): this;
  emit(event: "finished", submission: Submission, owner: SubmissionOwner): boolean;
}

interface SubmissionRow {
  id: string;
  problem_id: string;
  slug: string;
  user_id: string | null;
  embed_id: string | null;
  learner_ref: string | null;
  assignment_id: string | null;
  language: string;
  code: string;
  state: "queued" | "running" | "done";
  verdict: Submission["verdict"];
  message: string | null;
  passed: number | null;
  total: number | null;
  time_ms: number | null;
  memory_kb: number | null;
  created_at: string;
  finished_at: string | null;
  waiting_since?: string | null;
}

const SUMMARY_COLUMNS = [
  "submissions.id",
  "problems.slug as slug",
  "submissions.user_id",
  "submissions.embed_id",
  "submissions.learner_ref",
  "submissions.assignment_id",
  "submissions.language",
  "submissions.state",
  "submissions.verdict",
  "submissions.message",
  "submissions.passed",
  "submissions.total",
  "submissions.time_ms",
  "submissions.memory_kb",
  "submissions.created_at",
  "submissions.finished_at",
  "submissions.waiting_since",
];

/**
 * A run lost to the infrastructure (no node answered, a node went away mid-run): not the code's
 * fault, so the submission waits for a judge. A sandbox that was never configured never answers.
 */
const lostToInfrastructure = (err: unknown) =>
  err instanceof EngineUnavailableError && err.code !== "sandbox_unconfigured";

const notFound = () => fail.notFound("submission_not_found", "No such submission.");
const isId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** The owner columns of a new submission: a user's, or an embed learner's (user_id null). */
function ownerOf({ principal, learner }: CodeActor): SubmissionOwner {
  if (principal) return { userId: principal.user.id, embedId: null, learnerRef: null };
  if (learner) return { userId: null, embedId: learner.embedId, learnerRef: learner.learnerRef };
  throw fail.authentication("unauthenticated", "Sign in, or send an access token.");
}

/** Restricts a query to the actor's own submissions: nobody sees anyone else's. */
function whereOwned(q: Knex.QueryBuilder, actor: CodeActor): Knex.QueryBuilder {
  const owner = ownerOf(actor);
  if (owner.userId) return q.where("submissions.user_id", owner.userId);
  return q
    .whereNull("submissions.user_id")
    .where("submissions.embed_id", owner.embedId)
    .where("submissions.learner_ref", owner.learnerRef);
}

const encodeCursor = (row: { created_at: string; id: string }) =>
  Buffer.from(`${row.created_at}|${row.id}`).toString("base64url");
function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!createdAt || !id || !isId(id)) {
    throw fail.validation(
      "invalid_cursor",
      "The cursor is not valid; pass `nextCursor` of the previous page.",
    );
  }
  return { createdAt, id };
}

export interface SubmissionDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
  sandbox: SandboxRunner;
  problems: JudgingSource;
  limit: ExecutionLimit;
  queue?: Partial<QueueSettings>;
  /** Assignments a submission may count for; none: a submission naming one is refused (404). */
  assignments?: SubmissionAssignments;
}

/** Judged submissions: made by learners, queued in the database, judged by an in-process worker. */
export function createSubmissions({
  db,
  clock,
  logger,
  sandbox,
  problems,
  limit,
  queue: settings,
  assignments,
}: SubmissionDeps) {
  const log = logger.child({ component: "submissions" });
  const now = () => iso(clock.now());
  const queueSettings = { ...defaultQueueSettings, ...settings };
  const progress = new EventEmitter();
  progress.setMaxListeners(0);
  const events = new EventEmitter() as EventEmitter & SubmissionEvents;
  /** Serialises submissions with the same idempotency key in this process. */
  const keyLocks = new Map<string, Promise<unknown>>();

  const tell = (id: string, event: Progress) => progress.emit(id, event);

  async function rowOf(id: string, actor?: CodeActor): Promise<SubmissionRow | undefined> {
    if (!isId(id)) return undefined;
    const q = db("submissions")
      .join("problems", "problems.id", "submissions.problem_id")
      .where("submissions.id", id)
      .first(SUMMARY_COLUMNS);
    if (actor) whereOwned(q, actor);
    return q;
  }

  function summaryOf(row: SubmissionRow): SubmissionSummary {
    return {
      id: row.id,
      problem: row.slug,
      language: row.language,
      assignmentId: row.assignment_id ?? null,
      state: row.state,
      verdict: row.verdict ?? null,
      message: row.message ?? null,
      passed: Number(row.passed ?? 0),
      total: Number(row.total ?? 0),
      timeMs: row.time_ms === null ? null : Number(row.time_ms),
      memoryKb: row.memory_kb === null ? null : Number(row.memory_kb),
      createdAt: row.created_at,
      finishedAt: row.finished_at ?? null,
      ...(row.waiting_since && row.state !== "done" ? { waitingForJudge: true } : {}),
    };
  }

  async function outcomesOf(id: string): Promise<TestOutcome[]> {
    const rows = await db("submission_results")
      .where({ submission_id: id })
      .orderBy("ordinal")
      .select(
        "ordinal",
        "name",
        "verdict",
        "time_ms",
        "wall_ms",
        "memory_kb",
        "exit_code",
        "hidden",
        "input",
        "expected",
        "stdout",
        "stderr",
      );
    return rows.map((r) =>
      outcomeView({
        ...r,
        ordinal: Number(r.ordinal),
        time_ms: Number(r.time_ms),
        memory_kb: Number(r.memory_kb),
        hidden: r.hidden === true || r.hidden === 1,
      }),
    );
  }

  async function viewOf(row: SubmissionRow): Promise<Submission> {
    return { ...summaryOf(row), tests: row.state === "queued" ? [] : await outcomesOf(row.id) };
  }

  /**
   * Stores one test's outcome while `claim` still holds the submission; nothing once it does not
   * (its lease ran out, say the instance lost the database for a while, and another claim took the
   * submission over and cleared its results). The conditional write locks the submission's row
   * until the insert commits, so a recovery of the lease waits for it rather than slipping in
   * between the check and the insert. False when the claim was lost.
   */
  async function insertOutcome(claim: Claim, outcome: StoredOutcome): Promise<boolean> {
    return db.transaction(async (trx) => {
      const mine = trx("submissions").where({ id: claim.id, state: "running", attempts: claim.attempt });
      // The row is held until the result is in, so a new claim (an UPDATE of it) waits or wins
      // first. PostgreSQL: a share lock; SQLite: its one writer already orders the two; SQL Server:
      // a no-op update takes the row's lock.
      let held: boolean;
      if (db.client.dialect === "mssql") {
        held = (await mine.update({ attempts: claim.attempt })) === 1;
      } else {
        const row = mine.first("id");
        held = (await (db.client.dialect === "postgresql" ? row.forShare() : row)) !== undefined;
      }
      if (!held) return false;
      await trx("submission_results").insert({ id: randomUUID(), submission_id: claim.id, ...outcome });
      return true;
    });
  }

  async function finish(id: string) {
    const row = await rowOf(id);
    if (!row) return;
    const submission = await viewOf(row);
    tell(id, { type: "done", data: submission });
    log.info(
      { submissionId: id, verdict: submission.verdict, passed: submission.passed, total: submission.total },
      "submission judged",
    );
    try {
      events.emit("finished", submission, {
        userId: row.user_id,
        embedId: row.embed_id,
        learnerRef: row.learner_ref,
      });
    } catch (err) {
      log.error({ err, submissionId: id }, "a finished-submission listener failed");
    }
  }

  /** Judges one claimed submission; every ending writes `done` (or hands it back when the sandbox is full). */
  async function judge(claim: Claim): Promise<void> {
    const { id } = claim;
    const row = await db("submissions")
      .where({ id })
      .first("problem_id", "language", "code", "waiting_since");
    if (!row) return;
    // Another try after a lost run: still waiting for a judge until a node answers with a test.
    tell(id, {
      type: "state",
      data: { id, state: "running", ...(row.waiting_since ? { waitingForJudge: true } : {}) },
    });
    await db("submission_results").where({ submission_id: id }).del();
    const renewal = setInterval(() => {
      queue.renew(claim).catch((err) => log.warn({ err, submissionId: id }, "could not renew a lease"));
    }, queueSettings.leaseMs / 3);
    renewal.unref();
    const held = () => db("submissions").where({ id, state: "running", attempts: claim.attempt });
    try {
      const found = await problems.byId(row.problem_id);
      if (!found) throw new Error("the problem of this submission no longer exists");
      const { problem, tests } = found;
      const request = runRequestFor(problem, tests, row.language, row.code);
      const reported = new Set<number>();
      let writes: Promise<void> = Promise.resolve();
      const report = (index: number, result: TestResult | undefined) => {
        const test = tests[index];
        if (!test || reported.has(index)) return;
        reported.add(index);
        const outcome = outcomeOf(problem, test, result);
        writes = writes
          .then(() => insertOutcome(claim, outcome))
          .then((stored) => {
            if (stored) tell(id, { type: "test", data: outcomeView(outcome) });
          });
      };
      const response = await sandbox.run(request, { onTest: (result) => report(Number(result.id), result) });
      const judgement = judgementOf(problem, tests, response);
      for (const [index] of judgement.outcomes.entries()) {
        report(
          index,
          response.tests?.find((t) => t.id === String(index)),
        );
      }
      await writes;
      const written = await held().update({
        state: "done",
        verdict: judgement.verdict,
        message: judgement.message,
        passed: judgement.passed,
        total: judgement.total,
        time_ms: judgement.timeMs,
        memory_kb: judgement.memoryKb,
        finished_at: now(),
        lease_until: null,
        waiting_since: null,
      });
      if (written === 1) await finish(id);
    } catch (err) {
      if (lostToInfrastructure(err) && (await waitForJudge(claim, err))) return;
      if (err instanceof OverloadedError) {
        log.info(
          { submissionId: id, retryAfter: err.retryAfter },
          "sandbox at capacity; submission waits queued",
        );
        await queue.release(claim, err.retryAfter * 1000);
        tell(id, { type: "state", data: { id, state: "queued" } });
        return;
      }
      log.error({ err, submissionId: id }, "judging failed; the submission ends as an internal error");
      const written = await held().update({
        state: "done",
        verdict: "internal_error",
        message: judgingFailedMessage(err, lostToInfrastructure(err) ? queueSettings.judgeWaitMs : undefined),
        finished_at: now(),
        lease_until: null,
        waiting_since: null,
      });
      if (written === 1) await finish(id);
    } finally {
      clearInterval(renewal);
    }
  }

  /**
   * Puts a submission whose run was lost to the infrastructure back in the queue, with backoff,
   * unless it has waited `judgeWaitMs` already; false then (it ends as an internal error).
   */
  async function waitForJudge(claim: Claim, err: unknown): Promise<boolean> {
    const { id } = claim;
    const row = await db("submissions").where({ id }).first("waiting_since");
    const since = row?.waiting_since ? Date.parse(row.waiting_since) : clock.now();
    const waited = clock.now() - since;
    if (waited >= queueSettings.judgeWaitMs) return false;
    // The first loss is tried again at once: with several nodes, another one takes it, and this
    // instance goes on claiming. Later ones back off (and pause this instance's claiming, as no
    // node is answering): 1 s, growing with the wait, at most 30 s.
    const delayMs = row?.waiting_since ? Math.min(30_000, Math.max(1000, waited / 4)) : 0;
    log.warn(
      { submissionId: id, reason: err instanceof EngineUnavailableError ? err.code : "unknown", delayMs },
      "no sandbox answered; the submission waits queued for a judge",
    );
    await queue.release(claim, delayMs, iso(since));
    tell(id, { type: "state", data: { id, state: "queued", waitingForJudge: true } });
    return true;
  }

  const queue = createSubmissionQueue({
    db,
    clock,
    logger: log,
    settings: queueSettings,
    hooks: { judge, onAbandoned: (id) => void finish(id) },
  });

  async function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = keyLocks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    keyLocks.set(key, next);
    try {
      return await next;
    } finally {
      if (keyLocks.get(key) === next) keyLocks.delete(key);
    }
  }

  return {
    /** Fires `finished` (submission, owner) once a submission is done, whatever its verdict. */
    events,
    queue,

    start: () => queue.start(),
    stop: (graceMs?: number) => queue.stop(graceMs),

    /**
     * Queues a submission (all tests). With an idempotency key, a repeat by the same actor answers
     * the first submission (`created: false`) and costs nothing against the rate limit.
     */
    async submit(
      actor: CodeActor,
      slug: string,
      body: SubmitRequest,
      idempotencyKey?: string,
    ): Promise<{ submission: Submission; created: boolean }> {
      assertMayRunCode(actor);
      const owner = ownerOf(actor);
      const create = async () => {
        if (idempotencyKey) {
          const existing = await whereOwned(db("submissions"), actor)
            .where("submissions.idempotency_key", idempotencyKey)
            .first("id");
          if (existing) {
            const row = await rowOf(existing.id);
            if (row) return { submission: await viewOf(row), created: false };
          }
        }
        const { problem, total } = await problems.forSubmitting(slug, actor);
        if (!problem.languages.includes(body.language)) {
          throw fail.validation(
            "language_not_allowed",
            `This problem accepts ${problem.languages.join(", ")}; not ${body.language}.`,
            [{ path: "language", message: `use one of ${problem.languages.join(", ")}` }],
          );
        }
        if (!assignments && body.assignmentId) {
          throw fail.notFound("assignment_not_found", "No such assignment.");
        }
        const assignmentId = assignments
          ? await assignments.forSubmission(actor, problem.slug, body.assignmentId)
          : null;
        await limit.charge(actor, "submissions");
        const id = randomUUID();
        const queued = {
          id,
          problem_id: problem.id,
          user_id: owner.userId,
          embed_id: owner.embedId,
          learner_ref: owner.learnerRef,
          assignment_id: assignmentId,
          language: body.language,
          code: body.code,
          state: "queued" as const,
          created_at: now(),
          passed: 0,
          total,
        };
        await db("submissions").insert({
          ...queued,
          problem_version: problem.version,
          attempts: 0,
          idempotency_key: idempotencyKey ?? null,
        });
        log.info({ submissionId: id, problem: problem.slug, language: body.language }, "submission queued");
        queue.wake();
        // The answer is the submission as it was queued: reading it back would race the worker.
        const row: SubmissionRow = {
          ...queued,
          slug: problem.slug,
          verdict: null,
          message: null,
          time_ms: null,
          memory_kb: null,
          finished_at: null,
        };
        return { submission: await viewOf(row), created: true };
      };
      if (!idempotencyKey) return create();
      const lockKey = `${owner.userId ?? `${owner.embedId}:${owner.learnerRef}`}|${idempotencyKey}`;
      return withKeyLock(lockKey, create);
    },

    /** The actor's own submission with per-test results; anyone else's is a 404. */
    async get(actor: CodeActor, id: string): Promise<Submission> {
      const row = await rowOf(id, actor);
      if (!row) throw notFound();
      return { ...(await viewOf(row)), feedback: await latestFeedback(db, row.id) };
    },

    /** The actor's own submissions, newest first, optionally for one problem. */
    async list(actor: CodeActor, query: z.output<typeof SubmissionQuery>) {
      const q = whereOwned(
        db("submissions").join("problems", "problems.id", "submissions.problem_id").select(SUMMARY_COLUMNS),
        actor,
      );
      if (query.problem) q.where("problems.slug", query.problem);
      if (query.cursor) {
        const { createdAt, id } = decodeCursor(query.cursor);
        q.where((w) =>
          w
            .where("submissions.created_at", "<", createdAt)
            .orWhere((same) =>
              same.where("submissions.created_at", createdAt).where("submissions.id", "<", id),
            ),
        );
      }
      const rows: SubmissionRow[] = await q
        .orderBy([
          { column: "submissions.created_at", order: "desc" },
          { column: "submissions.id", order: "desc" },
        ])
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(summaryOf),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },

    /** Judges again a submission that ended as an internal error (sandbox down, say). */
    async retry(actor: CodeActor, id: string): Promise<Submission> {
      assertMayRunCode(actor);
      const row = await rowOf(id, actor);
      if (!row) throw notFound();
      if (row.state !== "done" || row.verdict !== "internal_error") {
        throw fail.conflict(
          "not_retryable",
          "Only a submission whose judging failed (verdict internal_error) can be retried; submit again instead.",
        );
      }
      await limit.charge(actor, "submissions");
      const n = await db("submissions").where({ id, state: "done", verdict: "internal_error" }).update({
        state: "queued",
        verdict: null,
        message: null,
        passed: 0,
        time_ms: null,
        memory_kb: null,
        finished_at: null,
        started_at: null,
        lease_until: null,
        attempts: 0,
        waiting_since: null,
      });
      if (n !== 1) throw fail.conflict("not_retryable", "This submission is already being judged again.");
      await db("submission_results").where({ submission_id: id }).del();
      log.info({ submissionId: id }, "submission requeued by its owner");
      queue.wake();
      return this.get(actor, id);
    },

    /**
     * Follows one submission: `listener` gets its progress as it happens. Returns the unsubscribe
     * function. Subscribe before reading the current state, so nothing falls in between.
     */
    watch(id: string, listener: (event: Progress) => void): () => void {
      progress.on(id, listener);
      return () => progress.off(id, listener);
    },

    /** Just the stored state: cheap enough to poll. */
    async stateOf(id: string): Promise<Submission["state"] | undefined> {
      if (!isId(id)) return undefined;
      return (await db("submissions").where({ id }).first("state"))?.state;
    },

    /** The submission as stored, for a watcher that (re)reads it; undefined when not the actor's. */
    async current(actor: CodeActor, id: string): Promise<Submission | undefined> {
      const row = await rowOf(id, actor);
      return row ? viewOf(row) : undefined;
    },
  };
}

export type Submissions = ReturnType<typeof createSubmissions>;
