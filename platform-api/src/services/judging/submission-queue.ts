import type { Knex } from "knex";
import type { Logger } from "pino";
import { type Clock, iso } from "../shared/clock.js";

/**
 * The submissions table is the queue: `queued` → `running` (claimed with a compare-and-set
 * UPDATE, held by a lease the worker renews) → `done`. Any number of API instances may drain
 * it; a submission whose lease ran out (its instance crashed or restarted) goes back to
 * `queued`, at most `maxAttempts` times, and then ends as an internal error. Nothing stays
 * `running` forever and nothing is dropped: a burst simply waits `queued`.
 */
export interface QueueSettings {
  /** Submissions judged at once by this instance. */
  concurrency: number;
  /** How long a claim holds without renewal. */
  leaseMs: number;
  /** How often an idle worker looks for work queued by other instances. */
  pollMs: number;
  /** How often expired leases are looked for. */
  recoverEveryMs: number;
  /** Claims per submission before it is given up as an internal error. */
  maxAttempts: number;
  /**
   * How long a submission whose run was lost to an unreachable sandbox waits for one to answer,
   * requeued with backoff meanwhile, before it ends as an internal error (`JUDGE_WAIT_MINUTES`).
   */
  judgeWaitMs: number;
}

export const defaultQueueSettings: QueueSettings = {
  concurrency: 2,
  leaseMs: 30_000,
  pollMs: 1000,
  recoverEveryMs: 15_000,
  maxAttempts: 3,
  judgeWaitMs: 10 * 60_000,
};

/** A submission this instance holds: judge it, renewing the lease meanwhile. */
export interface Claim {
  id: string;
  /** The attempt number of this claim; writes are conditional on it, so a stale worker writes nothing. */
  attempt: number;
}

export interface QueueHooks {
  /** Judges a claimed submission; resolves once it is done (or handed back). */
  judge(claim: Claim): Promise<void>;
  /** A submission given up after too many lost leases. */
  onAbandoned(id: string): void;
}

export interface SubmissionQueue {
  start(): void;
  /** A new submission is waiting: look now rather than at the next poll. */
  wake(): void;
  /** Keeps a claim alive; false when it was lost (recovered by another instance). */
  renew(claim: Claim): Promise<boolean>;
  /**
   * Puts a claimed submission back (the sandbox is at capacity, or unreachable), not counting the
   * attempt; `waitingSince` marks it as waiting for a judge since then.
   */
  release(claim: Claim, delayMs: number, waitingSince?: string): Promise<void>;
  /** Stops claiming; waits up to `graceMs` for the submissions being judged. */
  stop(graceMs?: number): Promise<void>;
  readonly active: number;
}

export function createSubmissionQueue({
  db,
  clock,
  logger,
  settings,
  hooks,
}: {
  db: Knex;
  clock: Clock;
  logger: Logger;
  settings: QueueSettings;
  hooks: QueueHooks;
}): SubmissionQueue {
  const now = () => iso(clock.now());
  const leaseEnd = () => iso(clock.now() + settings.leaseMs);
  const running = new Set<Promise<void>>();
  let stopped = true;
  let pumping = false;
  let again = false;
  let pausedUntil = 0;
  let pollTimer: NodeJS.Timeout | undefined;
  let recoverTimer: NodeJS.Timeout | undefined;

  /** The oldest queued submission, if this instance wins the race for it. */
  async function claimNext(): Promise<Claim | undefined> {
    for (let tries = 0; tries < 5; tries++) {
      const next = await db("submissions")
        .where({ state: "queued" })
        .orderBy([{ column: "created_at" }, { column: "id" }])
        .first("id", "attempts");
      if (!next) return undefined;
      const attempt = Number(next.attempts) + 1;
      const won = await db("submissions")
        .where({ id: next.id, state: "queued", attempts: next.attempts })
        .update({ state: "running", attempts: attempt, started_at: now(), lease_until: leaseEnd() });
      if (won === 1) return { id: next.id, attempt };
    }
    return undefined;
  }

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (!stopped && running.size < settings.concurrency && Date.now() >= pausedUntil) {
          const claim = await claimNext();
          if (!claim) break;
          const job = hooks
            .judge(claim)
            .catch((err) => logger.error({ err, submissionId: claim.id }, "judging failed"))
            .finally(() => {
              running.delete(job);
              void pump();
            });
          running.add(job);
        }
      } while (again && !stopped);
    } catch (err) {
      logger.error({ err }, "could not claim a submission");
    } finally {
      pumping = false;
    }
  }

  /** Requeues submissions whose lease ran out; gives up on those out of attempts. */
  async function recover(): Promise<void> {
    try {
      const expired = await db("submissions")
        .where({ state: "running" })
        .where((q) => q.where("lease_until", "<", now()).orWhereNull("lease_until"))
        .select("id", "attempts", "lease_until");
      for (const row of expired) {
        const same = db("submissions").where({ id: row.id, state: "running", attempts: row.attempts });
        if (Number(row.attempts) >= settings.maxAttempts) {
          const n = await same.update({
            state: "done",
            verdict: "internal_error",
            message:
              "Judging was interrupted too many times (the server restarted while judging it); retry the submission.",
            finished_at: now(),
            lease_until: null,
          });
          if (n === 1) {
            logger.warn(
              { submissionId: row.id, attempts: row.attempts },
              "submission given up after lost leases",
            );
            hooks.onAbandoned(row.id);
          }
        } else {
          const n = await same.update({ state: "queued", lease_until: null });
          if (n === 1) logger.warn({ submissionId: row.id }, "submission requeued after its lease expired");
        }
      }
      if (expired.length > 0) void pump();
    } catch (err) {
      logger.error({ err }, "could not recover expired submissions");
    }
  }

  return {
    get active() {
      return running.size;
    },
    start() {
      if (!stopped) return;
      stopped = false;
      void recover().then(pump);
      pollTimer = setInterval(() => void pump(), settings.pollMs);
      recoverTimer = setInterval(() => void recover(), settings.recoverEveryMs);
      pollTimer.unref();
      recoverTimer.unref();
    },
    wake() {
      void pump();
    },
    async renew(claim) {
      const n = await db("submissions")
        .where({ id: claim.id, state: "running", attempts: claim.attempt })
        .update({ lease_until: leaseEnd() });
      return n === 1;
    },
    async release(claim, delayMs, waitingSince) {
      await db("submissions")
        .where({ id: claim.id, state: "running", attempts: claim.attempt })
        .update({
          state: "queued",
          attempts: claim.attempt - 1,
          lease_until: null,
          started_at: null,
          ...(waitingSince ? { waiting_since: waitingSince } : {}),
        });
      pausedUntil = Math.max(pausedUntil, Date.now() + delayMs);
      setTimeout(() => void pump(), delayMs).unref();
    },
    async stop(graceMs = 30_000) {
      stopped = true;
      clearInterval(pollTimer);
      clearInterval(recoverTimer);
      if (running.size === 0) return;
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    },
  };
}
