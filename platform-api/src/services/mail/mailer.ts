import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { fail } from "../../http/errors.js";
import { type Clock, iso } from "../shared/clock.js";
import { createDrainWorker } from "../shared/drain-worker.js";
import type { SecretBox } from "../vault/secret-box.js";
import { type MailKind, type MailParams, renderMail } from "./render.js";
import type { MailTransport } from "./transport.js";

/** Tries before a message is given up: about nine hours of retries with the backoff below. */
export const MAIL_MAX_ATTEMPTS = 10;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 2 * 3600_000;
/** A claimed message is someone else's to retry only after this long (a crashed sender). */
const LEASE_MS = 5 * 60_000;
const POLL_MS = 5_000;
const BATCH = 10;
/** Sent and failed messages are kept this long (what was sent, never its words), then removed. */
const KEEP_MS = 90 * 86_400_000;

/**
 * One address and nothing else: no display name, no second address, no line break that would
 * start a header of its own. A message to anything else is refused before it is queued.
 */
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
export const isPlainAddress = (s: string) => s.length <= 254 && ADDRESS.test(s);

/** The wait before attempt `n + 1`: doubling from 30 s up to two hours, with ±25 % jitter. */
export function mailBackoffMs(attempts: number, random: () => number = Math.random): number {
  return Math.round(Math.min(BASE_BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS) * (0.75 + random() / 2));
}

export interface MailRequest {
  kind: MailKind;
  to: string;
  /** Whom the message is about: its row goes when the account is deleted. */
  userId?: string | null;
  /** The recipient's interface language; English when none or no catalog. */
  locale?: string | null;
  params?: MailParams;
  /** The message's one link (a single-use one is sealed with the message, never stored plain). */
  link?: string;
}

interface OutboxRow {
  id: string;
  user_id: string | null;
  kind: string;
  to_address: string;
  sealed: string | null;
  status: "pending" | "sent" | "failed";
  attempts: number | string;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface MailerDeps {
  db: Knex;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  transport: MailTransport;
  /** `MAIL_FROM`: `Codeground <no-reply@example.com>` or a bare address. */
  from: string;
  random?: () => number;
}

const sealContext = (row: Pick<OutboxRow, "id" | "user_id" | "to_address">) => ({
  table: "mail_outbox.sealed",
  rowId: row.id,
  ownerId: row.user_id ?? row.to_address,
});

/**
 * Mail, queued durably: `send` renders the message in the recipient's language, seals it (its
 * links work once and must not sit readable in the database) and stores it in the same
 * transaction as the change it tells of; the worker sends what is due, retrying with backoff
 * when the server is down, and drops the words once sent.
 */
export function createMailer({
  db,
  secrets,
  clock,
  logger,
  transport,
  from,
  random = Math.random,
}: MailerDeps) {
  const outbox = () => db<OutboxRow>("mail_outbox");
  const now = () => iso(clock.now());

  async function claim(row: OutboxRow): Promise<boolean> {
    const claimed = await outbox()
      .where({ id: row.id, status: "pending", next_attempt_at: row.next_attempt_at })
      .update({ next_attempt_at: iso(clock.now() + LEASE_MS) });
    return claimed === 1;
  }

  async function attempt(row: OutboxRow): Promise<void> {
    if (!(await claim(row))) return;
    const attempts = Number(row.attempts) + 1;
    let error: string | undefined;
    try {
      if (!row.sealed) throw new Error("the message has no body");
      const mail = JSON.parse(await secrets.open(row.sealed, sealContext(row))) as {
        subject: string;
        text: string;
        html: string;
      };
      await transport.send({ ...mail, to: row.to_address, messageId: `<${row.id}@codeground>` }, from);
    } catch (err) {
      const e = err as { code?: string; responseCode?: number; message?: string };
      // The server's words about the failure, never the message's (which may hold a link).
      error = [e.code, e.responseCode].filter(Boolean).join(" ") || "could not send";
    }
    const last = attempts >= MAIL_MAX_ATTEMPTS;
    if (row.kind === "account_deleted" && (error === undefined || last)) {
      // The goodbye to a deleted account: once it went (or never will), its address is not kept.
      await outbox().where({ id: row.id }).delete();
      return;
    }
    await outbox()
      .where({ id: row.id })
      .update({
        attempts,
        status: error === undefined ? "sent" : last ? "failed" : "pending",
        // Sent or given up: the words (and the links in them) go; what was sent, to whom and when stay.
        sealed: error === undefined || last ? null : row.sealed,
        last_error: error ?? null,
        next_attempt_at:
          error === undefined || last ? now() : iso(clock.now() + mailBackoffMs(attempts, random)),
        sent_at: error === undefined ? now() : null,
      });
    if (error !== undefined) {
      logger.warn(
        { mailId: row.id, kind: row.kind, attempts, error, gaveUp: last },
        last ? "mail could not be sent; gave up" : "mail could not be sent; will retry",
      );
    }
  }

  async function drainOnce(): Promise<void> {
    for (;;) {
      const due = await outbox()
        .where({ status: "pending" })
        .where("next_attempt_at", "<=", now())
        .orderBy("next_attempt_at")
        .limit(BATCH);
      if (due.length === 0) break;
      for (const row of due) await attempt(row);
      if (due.length < BATCH) break;
    }
    await outbox()
      .whereIn("status", ["sent", "failed"])
      .where("created_at", "<", iso(clock.now() - KEEP_MS))
      .delete();
  }

  const worker = createDrainWorker({ drainOnce, pollMs: POLL_MS, logger, what: "mail worker" });

  return {
    /**
     * Queues one message, inside `trx` when given (so it goes only if the change it tells of is
     * kept). A recipient that is not one plain address is refused (400 `invalid_address`).
     */
    async send(request: MailRequest, trx?: Knex.Transaction): Promise<{ id: string }> {
      const to = request.to.trim().toLowerCase();
      if (!isPlainAddress(to)) {
        throw fail.validation("invalid_address", "Mail goes to one plain email address.", {
          field: "email",
        });
      }
      const rendered = await renderMail(request.kind, {
        to,
        ...(request.locale ? { locale: request.locale } : {}),
        ...(request.params ? { params: request.params } : {}),
        ...(request.link ? { link: request.link } : {}),
      });
      const id = randomUUID();
      const row = { id, user_id: request.userId ?? null, to_address: to };
      const sealed = await secrets.seal(
        JSON.stringify({ subject: rendered.subject, text: rendered.text, html: rendered.html }),
        sealContext(row),
      );
      await (trx ?? db)("mail_outbox").insert({
        ...row,
        kind: request.kind,
        sealed,
        status: "pending",
        attempts: 0,
        next_attempt_at: now(),
        last_error: null,
        created_at: now(),
        sent_at: null,
      });
      // Sent now when the caller's transaction is done; the timer picks up any that wait.
      if (!trx) void worker.drain();
      else
        void trx.executionPromise?.then(
          () => worker.drain(),
          () => undefined,
        );
      return { id };
    },
    /** Sends what is due now (the timer calls it; tests too). */
    drain: worker.drain,
    start: worker.start,
    stop: async () => {
      await worker.stop();
      transport.close();
    },
    /** What was sent to or about a user, for their export: kinds and times, never the words. */
    async sentTo(userId: string) {
      const rows = await outbox()
        .where({ user_id: userId })
        .orderBy("created_at")
        .select("id", "kind", "to_address", "status", "created_at", "sent_at");
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        to: r.to_address,
        status: r.status,
        createdAt: r.created_at,
        sentAt: r.sent_at,
      }));
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
