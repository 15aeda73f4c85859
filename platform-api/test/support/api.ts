import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { SandboxRunner } from "@codeground/sandbox";
import { ErrorBody } from "@codeground/sdk";
import type { Redis } from "ioredis";
import type { Knex } from "knex";
import pino, { type Logger } from "pino";
import { expect } from "vitest";
import { type AppDeps, createApp } from "../../src/app.js";
import { createLocalKms, createVault } from "../../src/kms/index.js";
import { loadAuditKey } from "../../src/services/audit/audit-key.js";
import { outboxTransport, smtpTransport } from "../../src/services/mail/transport.js";
import type { Clock } from "../../src/services/shared/clock.js";
import type { SecretBox } from "../../src/services/vault/secret-box.js";
import { findLeaks, harvestSecrets } from "./leaks.js";

/** A clock the test moves by hand (TOTP steps, expiry). */
export function fakeClock(start = Date.UTC(2026, 10, 23, 12, 0, 0)) {
  return {
    t: start,
    now() {
      return this.t;
    },
    advance(ms: number) {
      this.t += ms;
    },
  };
}

/**
 * An error answer as the API's contract has it: the status, the error format, its `code` when
 * given, and — when the headers came along — the same request id in the body as in `X-Request-Id`.
 */
export function expectError(
  res: { status: number; body: unknown; headers?: Headers },
  status: number,
  code?: string,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const { error } = ErrorBody.parse(res.body);
  if (code !== undefined) expect(error.code).toBe(code);
  if (res.headers) expect(error.requestId).toBe(res.headers.get("X-Request-Id"));
  return error;
}

const kmsDirs = new WeakMap<Knex, { dir: string; users: number }>();

export const PUBLIC_URL = "http://portal.codeground.test";
/** The `METRICS_TOKEN` test apps run with unless told otherwise: what a scraper sends to `/metrics`. */
export const METRICS_TOKEN = "test-metrics-token-0123456789";

export interface TestApi {
  url: string;
  db: Knex;
  clock: ReturnType<typeof fakeClock>;
  /** Every log line the app wrote, for the "no secret in logs" checks. */
  logs: string[];
  /** The folder mail is written to as `.eml` files when no SMTP server was given. */
  outbox: string;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
  /** fetch against the API with JSON in and out. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely; schemas check them where it matters
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/** The real app with a real database, a real local KMS vault, over real HTTP on loopback. */
export async function startApi(
  db: Knex,
  options: {
    allowPrivateProviderUrls?: string[];
    redis?: Redis;
    /** The code runner; none: runs answer 503 and submissions end as internal errors. */
    sandbox?: SandboxRunner;
    submissions?: AppDeps["submissions"];
    /**
     * The LLM gateway for the tutor and feedback (none: they answer 503), or a function making it
     * from the app's own vault, clock and logger (for the real gateway).
     */
    llm?: AppDeps["llm"] | ((parts: { secrets: SecretBox; clock: Clock; logger: Logger }) => AppDeps["llm"]);
    chat?: AppDeps["chat"];
    /** Learner sessions started per 10 minutes, per client address and per embed. */
    embedSessions?: AppDeps["embedSessions"];
    /** Reverse proxies in front (`TRUST_PROXY`); none by default. */
    trustProxy?: number;
    /** Secure session cookies, as with a public `https://` URL (default false: tests speak plain http). */
    secureCookies?: boolean;
    /** `METRICS_TOKEN`; `METRICS_TOKEN` above by default, `null` for metrics off. */
    metricsToken?: string | null;
    /** An SMTP server's URL (a loopback `smtp-server`); none: `.eml` files in a temporary folder (`outbox`). */
    smtpUrl?: string;
  } = {},
): Promise<TestApi> {
  // API instances on one database share one KMS, as they would in production.
  const shared = kmsDirs.get(db) ?? { dir: await mkdtemp(path.join(os.tmpdir(), "cg-kms-")), users: 0 };
  kmsDirs.set(db, shared);
  shared.users++;
  const kms = await createLocalKms({ dir: shared.dir });
  const secrets = createVault(kms);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: "debug" }, sink);
  const clock = fakeClock();
  // Without an SMTP server, mail is written as .eml files here (`outbox`), removed at close.
  const outbox = await mkdtemp(path.join(os.tmpdir(), "cg-outbox-"));
  const app = createApp({
    db,
    secrets,
    auditKey: await loadAuditKey(db, secrets),
    logger,
    clock,
    config: { publicUrl: PUBLIC_URL, secureCookies: options.secureCookies ?? false },
    allowPrivateProviderUrls: options.allowPrivateProviderUrls ?? [],
    ...(options.redis ? { redis: options.redis } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.submissions ? { submissions: options.submissions } : {}),
    ...(options.llm
      ? { llm: typeof options.llm === "function" ? options.llm({ secrets, clock, logger }) : options.llm }
      : {}),
    ...(options.chat ? { chat: options.chat } : {}),
    ...(options.embedSessions ? { embedSessions: options.embedSessions } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.metricsToken !== null ? { metricsToken: options.metricsToken ?? METRICS_TOKEN } : {}),
    mail: {
      transport: options.smtpUrl ? smtpTransport(options.smtpUrl) : outboxTransport(outbox),
      from: "Codeground <no-reply@codeground.test>",
    },
  });
  app.submissions.start();
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    clock,
    logs,
    outbox,
    app,
    async close() {
      // Suite-wide: no secret that crossed the API may sit in a log line or a table in plaintext.
      const leaks = await findLeaks(db, logs);
      if (leaks.length > 0) {
        throw new Error(
          `${leaks.length} secret(s) seen in the API found in logs or database rows in plaintext`,
        );
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await rm(outbox, { recursive: true, force: true });
      if (--shared.users === 0) {
        kmsDirs.delete(db);
        await rm(shared.dir, { recursive: true, force: true });
      }
    },
    async call(method, p, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.body !== undefined) headers["Content-Type"] = "application/json";
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      const response = await fetch(`${url}${p}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        redirect: "manual",
      });
      harvestSecrets(options.body);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      harvestSecrets(parsed);
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
}

/**
 * A Server-Sent Events answer read event by event: `next(name)` is the data of the next event of
 * that name (within 10 s), `pending(ms)` what else arrives within `ms` without waiting on it.
 */
export function eventReader(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  return {
    async next(name: string): Promise<unknown> {
      const until = Date.now() + 10_000;
      for (;;) {
        const match = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`).exec(text);
        if (match) {
          text = text.slice((match.index ?? 0) + match[0].length);
          return JSON.parse(match[1] as string);
        }
        if (Date.now() > until) throw new Error(`no ${name} event`);
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        text += decoder.decode(value, { stream: true });
      }
    },
    async pending(ms: number): Promise<string> {
      const more = await Promise.race([
        reader.read().then(({ value }) => (value ? decoder.decode(value, { stream: true }) : "")),
        new Promise<string>((resolve) => setTimeout(() => resolve(""), ms)),
      ]);
      return `${text}${more}`;
    },
  };
}
