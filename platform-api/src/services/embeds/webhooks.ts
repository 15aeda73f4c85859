import { createHmac, randomUUID } from "node:crypto";
import { SubmissionAcceptedEvent } from "@codeground/sdk";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { type Response, fetch as undiciFetch } from "undici";
import { type Clock, iso } from "../shared/clock.js";
import { createDrainWorker } from "../shared/drain-worker.js";
import { pinnedDispatcher } from "../shared/pinned-dispatcher.js";
import { parsePrivateOrigins } from "../vault/private-origins.js";
import type { LookupAll } from "../vault/provider-url.js";
import type { EmbedRow, Embeds } from "./embeds.js";

/** Attempts per delivery before it is marked failed. */
export const WEBHOOK_MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 30_000;
/** A worker holds a delivery this long while it posts; past it, another worker may retry. */
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
/**
 * Most of an answer's body that is read. Nothing in it is used: a short body is read to its end so
 * the pooled connection stays usable for the next delivery, and a longer one is cut off here.
 */
export const WEBHOOK_RESPONSE_READ_BYTES = 4096;
const POLL_MS = 2_000;
const BATCH = 10;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the embed's secret key>`. */
export function signWebhook(secretKey: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secretKey).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/** The wait before attempt `n + 1`: exponential, with ±50 % jitter so retries do not arrive in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  return Math.round(BASE_BACKOFF_MS * 2 ** (attempts - 1) * (0.5 + random()));
}

/** What the submissions side reports when a submission is judged; the row is read again here. */
export interface FinishedSubmission {
  id: string;
}

interface DeliveryRow {
  id: string;
  embed_id: string;
  submission_id: string | null;
  event: string;
  url: string;
  payload: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookDeps {
  db: Knex;
  embeds: Embeds;
  clock: Clock;
  logger: Logger;
  /** Origins allowed as webhook targets although private (`ALLOW_PRIVATE_PROVIDER_URLS`). */
  allowPrivateUrls?: readonly string[];
  /** DNS, injectable so tests can play a rebinding name server. */
  lookup?: LookupAll;
  random?: () => number;
}

/**
 * Completion webhooks: a `submission.accepted` event for each accepted submission made through an
 * embed with a webhook URL, signed with the embed's secret key. Deliveries are rows first and
 * posts second, so pending ones survive a restart; the worker retries with backoff.
 */
export function createWebhooks({
  db,
  embeds,
  clock,
  logger,
  allowPrivateUrls = [],
  lookup,
  random = Math.random,
}: WebhookDeps) {
  const now = () => iso(clock.now());
  const deliveries = () => db<DeliveryRow>("webhook_deliveries");
  const urlPolicy = {
    allowPrivateOrigins: parsePrivateOrigins(allowPrivateUrls),
    ...(lookup ? { lookup } : {}),
  };

  /** A pending delivery, posted by the worker as soon as it gets to it. */
  async function enqueue(
    embed: EmbedRow,
    d: { id: string; event: string; payload: unknown; submissionId: string; at: string },
  ): Promise<void> {
    await deliveries().insert({
      id: d.id,
      embed_id: embed.id,
      submission_id: d.submissionId,
      event: d.event,
      url: embed.webhook_url as string,
      payload: JSON.stringify(d.payload),
      status: "pending",
      attempts: 0,
      next_attempt_at: d.at,
      last_status_code: null,
      last_error: null,
      created_at: d.at,
      delivered_at: null,
    });
    void drain();
  }

  /** Takes a due delivery for this worker: only one worker's update matches the old lease. */
  async function claim(row: DeliveryRow): Promise<boolean> {
    const q = deliveries().where({ id: row.id, status: "pending" });
    if (row.next_attempt_at === null) q.whereNull("next_attempt_at");
    else q.where({ next_attempt_at: row.next_attempt_at });
    return (await q.update({ next_attempt_at: iso(clock.now() + LEASE_MS) })) === 1;
  }

  async function post(row: DeliveryRow, embed: EmbedRow): Promise<{ status?: number; error?: string }> {
    // Checked again before each attempt, and the connection pinned to the addresses this check
    // accepted: a name that answers differently once checked (DNS rebinding) cannot redirect it.
    const pinned = await pinnedDispatcher(row.url, urlPolicy);
    if (!pinned.ok) {
      return {
        error:
          pinned.reason === "unresolvable"
            ? "could not connect (the webhook URL's host could not be found)"
            : "the webhook URL no longer reaches an allowed public address",
      };
    }
    const secretKey = await embeds.signingSecret(embed);
    const timestamp = Math.floor(clock.now() / 1000);
    try {
      const response = await undiciFetch(row.url, {
        method: "POST",
        dispatcher: pinned.dispatcher,
        // Never followed: a redirect could lead anywhere, past the check above included.
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Codeground-Webhooks/1",
          "Codeground-Event": row.event,
          "Codeground-Delivery": row.id,
          "Codeground-Signature": signWebhook(secretKey, timestamp, row.payload),
        },
        body: row.payload,
      });
      await discardBody(response.body, WEBHOOK_RESPONSE_READ_BYTES);
      const status = response.status;
      if (status >= 200 && status < 300) return { status };
      if (status >= 300 && status < 400) {
        return {
          status,
          error: `the endpoint answered ${status}, a redirect, which is not followed; set the webhook URL to the address it redirects to`,
        };
      }
      return { status, error: `the endpoint answered ${status}` };
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      return {
        error:
          e.name === "TimeoutError"
            ? `no answer within ${TIMEOUT_MS / 1000} s`
            : `could not connect (${e.cause?.code ?? e.name ?? "network error"})`,
      };
    }
  }

  async function attempt(row: DeliveryRow): Promise<void> {
    if (!(await claim(row))) return;
    const embed = await embeds.byId(row.embed_id);
    const result = embed ? await post(row, embed) : { error: "the embed no longer exists" };
    const attempts = Number(row.attempts) + 1;
    const ok = result.error === undefined;
    const last = attempts >= WEBHOOK_MAX_ATTEMPTS || !embed;
    await deliveries()
      .where({ id: row.id })
      .update({
        attempts,
        status: ok ? "delivered" : last ? "failed" : "pending",
        last_status_code: result.status ?? null,
        last_error: result.error ?? null,
        next_attempt_at: ok || last ? null : iso(clock.now() + backoffMs(attempts, random)),
        delivered_at: ok ? now() : null,
      });
    if (!ok) {
      logger.warn(
        { deliveryId: row.id, embedId: row.embed_id, attempts, status: result.status, error: result.error },
        "webhook delivery failed",
      );
    }
  }

  /** Attempts every delivery that is due now, in batches, until none is left. */
  async function drainOnce(): Promise<void> {
    for (;;) {
      const due = await deliveries()
        .where({ status: "pending" })
        .where("next_attempt_at", "<=", now())
        .orderBy("next_attempt_at")
        .limit(BATCH);
      if (due.length === 0) return;
      await Promise.all(due.map(attempt));
      if (due.length < BATCH) return;
    }
  }

  const worker = createDrainWorker({ drainOnce, pollMs: POLL_MS, logger, what: "webhook worker" });
  const drain = worker.drain;

  return {
    /**
     * Enqueues `submission.accepted` for an accepted submission made through an embed that has a
     * webhook URL, then starts delivering it. Anything else is ignored; a repeat is a no-op.
     */
    async onSubmissionFinished(submission: FinishedSubmission): Promise<void> {
      const row = await db("submissions")
        .join("problems", "problems.id", "submissions.problem_id")
        .where("submissions.id", submission.id)
        .first(
          "submissions.id",
          "submissions.embed_id",
          "submissions.learner_ref",
          "submissions.state",
          "submissions.verdict",
          "submissions.passed",
          "submissions.total",
          "submissions.finished_at",
          "problems.slug",
        );
      if (!row?.embed_id || row.verdict !== "accepted" || row.state !== "done") return;
      const embed = await embeds.byId(row.embed_id);
      if (!embed?.webhook_url) return;
      const event = "submission.accepted";
      if (await deliveries().where({ submission_id: row.id, event }).first()) return;
      const id = randomUUID();
      const at = now();
      const payload = SubmissionAcceptedEvent.parse({
        id,
        type: event,
        createdAt: at,
        data: {
          embedId: embed.id,
          learnerRef: row.learner_ref,
          problemSlug: row.slug,
          submissionId: row.id,
          verdict: row.verdict,
          passed: row.passed === null ? null : Number(row.passed),
          total: row.total === null ? null : Number(row.total),
          finishedAt: row.finished_at,
        },
      });
      await enqueue(embed, { id, event, payload, submissionId: row.id, at });
    },

    /**
     * Queues an event for an embed's webhook (none without a webhook URL), once per submission and
     * event type: `payload` is built by the caller from `id` and `createdAt`.
     */
    async send(
      embedId: string,
      event: string,
      submissionId: string,
      build: (id: string, createdAt: string) => unknown,
    ): Promise<void> {
      const embed = await embeds.byId(embedId);
      if (!embed?.webhook_url) return;
      if (await deliveries().where({ submission_id: submissionId, event }).first()) return;
      const id = randomUUID();
      const at = now();
      await enqueue(embed, { id, event, payload: build(id, at), submissionId, at });
    },

    /** Attempts what is due now; the worker calls it on a timer, tests call it directly. */
    drain,

    /** Starts the in-process worker: due deliveries, including those left from before a restart. */
    start: worker.start,

    /** Stops the worker and waits for the attempt in flight. */
    stop: worker.stop,
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;

/** Reads a body up to `limit` bytes (or its end), then lets the rest go unread. */
async function discardBody(body: Response["body"], limit: number): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (let read = 0; read <= limit; ) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += (chunk.value as Uint8Array).byteLength;
    }
  } catch {
    // A body cut short (the timeout, a reset) changes nothing: the status is the answer.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
