import type { Knex } from "knex";
import type { Logger } from "pino";
import { backoffMs } from "../embeds/webhooks.js";
import { type Clock, iso } from "../shared/clock.js";
import { createDrainWorker } from "../shared/drain-worker.js";
import type { ProviderUrlPolicy } from "../vault/provider-url.js";
import { AGS_SCOPE, type AgsTokens, type TokenClient } from "./ags-tokens.js";
import { PlatformCallError, platformRequest } from "./platform-request.js";
import type { ScoreDeliveryRow } from "./score-deliveries.js";

/** Attempts per score before it is marked failed. */
export const LTI_SCORE_MAX_ATTEMPTS = 6;
/** A worker holds a delivery this long while it posts; past it, another worker may retry it. */
const LEASE_MS = 60_000;
const POLL_MS = 2_000;
const BATCH = 10;
const SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";
/** Answers that no retry can change: the score or the line item itself is refused. */
const PERMANENT = new Set([400, 403, 404, 405, 409, 410, 413, 415, 422]);

/** `<line item URL>/scores`, its query string kept (AGS 2.0 §3.4). */
export function scoresUrl(lineItem: string): string {
  const url = new URL(lineItem);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.href;
}

type Outcome = { ok: true; status: number } | { ok: false; error: PlatformCallError };

/**
 * The delivery worker: posts due scores to their line items with an access token from the
 * token service, one attempt per due row; failures wait with exponential backoff (or what a 429 or
 * 503 `Retry-After` asks), and a score is marked failed after the last attempt or at once when the
 * platform refuses it for good. Rows are claimed with a lease, so several API instances share the work.
 */
export function createScoreWorker({
  db,
  clock,
  logger,
  tokens,
  policy,
  random = Math.random,
}: {
  db: Knex;
  clock: Clock;
  logger: Logger;
  tokens: AgsTokens;
  policy: ProviderUrlPolicy;
  random?: () => number;
}) {
  const now = () => iso(clock.now());
  const deliveries = () => db<ScoreDeliveryRow>("lti_score_deliveries");

  async function claim(row: ScoreDeliveryRow): Promise<boolean> {
    const q = deliveries().where({ id: row.id, status: "pending" });
    if (row.next_attempt_at === null) q.whereNull("next_attempt_at");
    else q.where({ next_attempt_at: row.next_attempt_at });
    return (await q.update({ next_attempt_at: iso(clock.now() + LEASE_MS) })) === 1;
  }

  async function post(row: ScoreDeliveryRow): Promise<Outcome> {
    const link = await db("lti_score_links")
      .where({ id: row.link_id })
      .first("registration_id", "lineitem_url");
    const reg = link
      ? await db("lti_registrations")
          .where({ id: link.registration_id })
          .first("id", "client_id", "auth_token_url")
      : undefined;
    if (!link || !reg) {
      return {
        ok: false,
        error: new PlatformCallError("the LMS registration or link no longer exists", { permanent: true }),
      };
    }
    const client: TokenClient = { id: reg.id, clientId: reg.client_id, authTokenUrl: reg.auth_token_url };
    const scopes = [AGS_SCOPE.score];
    try {
      const token = await tokens.tokenFor(client, scopes);
      const answer = await platformRequest(
        scoresUrl(String(link.lineitem_url)),
        {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": SCORE_TYPE },
          body: row.payload,
        },
        { policy, what: "line item's score URL", now: clock.now() },
      );
      if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status };
      // A token the platform no longer honours: the next attempt asks for a new one.
      if (answer.status === 401) tokens.forget(client, scopes);
      return {
        ok: false,
        error: new PlatformCallError(`the line item's score URL answered ${answer.status}`, {
          status: answer.status,
          permanent: PERMANENT.has(answer.status),
          ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}),
        }),
      };
    } catch (err) {
      if (err instanceof PlatformCallError) return { ok: false, error: err };
      throw err;
    }
  }

  async function attempt(row: ScoreDeliveryRow): Promise<void> {
    if (!(await claim(row))) return;
    const outcome = await post(row);
    const attempts = Number(row.attempts) + 1;
    if (outcome.ok) {
      await deliveries().where({ id: row.id }).update({
        attempts,
        status: "delivered",
        last_status_code: outcome.status,
        last_error: null,
        next_attempt_at: null,
        delivered_at: now(),
      });
      return;
    }
    const { error } = outcome;
    const last = attempts >= LTI_SCORE_MAX_ATTEMPTS || error.detail.permanent === true;
    const status = error.detail.status;
    const honoured =
      (status === 429 || status === 503) && error.detail.retryAfterMs !== undefined
        ? Math.max(1000, error.detail.retryAfterMs)
        : undefined;
    const wait = honoured ?? backoffMs(attempts, random);
    // Only while still pending: a newer score may have superseded this one meanwhile.
    await deliveries()
      .where({ id: row.id, status: "pending" })
      .update({
        attempts,
        status: last ? "failed" : "pending",
        last_status_code: status ?? null,
        last_error: error.message.slice(0, 500),
        next_attempt_at: last ? null : iso(clock.now() + wait),
      });
    logger.warn(
      { deliveryId: row.id, courseId: row.course_id, attempts, status, error: error.message, gaveUp: last },
      "LTI score delivery failed",
    );
  }

  async function drainOnce(): Promise<void> {
    for (;;) {
      const due = await deliveries()
        .where({ status: "pending" })
        .where("next_attempt_at", "<=", now())
        .orderBy("next_attempt_at")
        .orderBy("created_at")
        .limit(BATCH);
      if (due.length === 0) return;
      // One link's scores in order: the oldest due one per link this round.
      const seen = new Set<string>();
      const round = due.filter((d) => !seen.has(d.link_id) && seen.add(d.link_id));
      await Promise.all(round.map(attempt));
      if (due.length < BATCH && round.length === due.length) return;
    }
  }

  const worker = createDrainWorker({ drainOnce, pollMs: POLL_MS, logger, what: "LTI score worker" });
  const drain = worker.drain;

  return {
    /** Attempts what is due now; the worker calls it on a timer, tests call it directly. */
    drain,
    /** Starts the in-process worker: due scores, including those left from before a restart. */
    start: worker.start,
    /** Stops the worker and waits for the attempt in flight. */
    stop: worker.stop,
  };
}

export type ScoreWorker = ReturnType<typeof createScoreWorker>;
