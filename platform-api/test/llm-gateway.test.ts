import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { ApiKey, CreateKeyRequest, UpdateKeyRequest } from "@codeground/sdk";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalKms, createVault } from "../src/kms/index.js";
import { createAccounts, type Principal, publicUser } from "../src/services/accounts/accounts.js";
import { createAuditLog } from "../src/services/audit/audit.js";
import { loadAuditKey } from "../src/services/audit/audit-key.js";
import {
  createLlmGateway,
  type LlmChunk,
  type LlmGateway,
  type LlmRequest,
} from "../src/services/tutor/llm/index.js";
import { createKeys, type Keys } from "../src/services/vault/keys.js";
import type { LookupAll } from "../src/services/vault/provider-url.js";
import { signUp } from "./support/accounts.js";
import { fakeClock, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { type FakeChatProvider, startFakeChatProvider } from "./support/fake-chat-provider.js";

const messages: LlmRequest["messages"] = [
  { role: "system", content: "You are a patient programming tutor. Give hints, not solutions." },
  { role: "user", content: "How do I start on two-sum?" },
];

describe.each(databases)("the LLM gateway, on $name", (target) => {
  let db: TestDatabase;
  let kmsDir: string;
  let keys: Keys;
  let gateway: LlmGateway;
  let fake: FakeChatProvider;
  let accounts: ReturnType<typeof createAccounts>;
  const clock = fakeClock();
  const logs: string[] = [];
  const secretsUsed: string[] = [];
  const errorsSeen: unknown[] = [];
  /** The name server, played by the test: `models.example.com` and `models.internal` only. */
  const dns: Record<string, string[]> = {};
  let lookups = 0;
  const lookup: LookupAll = async (host) => {
    lookups++;
    return (dns[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  /** The operator's allowance: the fake's origin, and models.internal on the fake's port. */
  let allowPrivate: string[];

  beforeAll(async () => {
    db = await target.create();
    kmsDir = await mkdtemp(path.join(os.tmpdir(), "cg-kms-"));
    const secrets = createVault(await createLocalKms({ dir: kmsDir }));
    const audit = createAuditLog(db.knex, clock, await loadAuditKey(db.knex, secrets));
    fake = await startFakeChatProvider();
    allowPrivate = [fake.url, `http://models.internal:${new URL(fake.url).port}`];
    keys = createKeys({ db: db.knex, secrets, audit, clock, lookup, allowPrivateProviderUrls: allowPrivate });
    accounts = createAccounts({ db: db.knex, secrets, audit, clock });
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    gateway = createLlmGateway({
      db: db.knex,
      secrets,
      clock,
      logger: pino({ level: "debug" }, sink),
      allowPrivateProviderUrls: allowPrivate,
      lookup,
      endpoints: {
        openai: `${fake.url}/v1`,
        anthropic: `${fake.url}/v1/`,
        google: `${fake.url}/v1beta/openai/`,
      },
      timeouts: { firstTokenMs: 400, idleMs: 300 },
      retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 2000 },
      circuit: { failureThreshold: 3, coolDownMs: 60_000 },
    });
  });

  afterAll(async () => {
    // No secret in a log line, an error the caller saw, or a usage row.
    const rows = db ? JSON.stringify(await db.knex("usage").select()) : "";
    const errors = errorsSeen.map((e) => `${(e as Error).message} ${JSON.stringify(e)}`).join("\n");
    for (const secret of secretsUsed) {
      expect(logs.join("\n")).not.toContain(secret);
      expect(errors).not.toContain(secret);
      expect(rows).not.toContain(secret);
    }
    await fake?.close();
    await db?.destroy();
    if (kmsDir) await rm(kmsDir, { recursive: true, force: true });
  });

  async function learner(): Promise<Principal> {
    const email = `llm-${randomUUID()}@example.com`;
    await accounts.signup({ email, password: "correct horse battery staple" }, {});
    const user = publicUser(await db.knex("users").where({ email }).first());
    return { user, via: "session", scopes: ["read", "write", "keys"] };
  }

  const newSecret = () => {
    const secret = `sk-llm-${randomBytes(12).toString("hex")}`;
    secretsUsed.push(secret);
    return secret;
  };

  /** A key the fake accepts (unless `accepted: false`), for an OpenAI-compatible server by default. */
  async function addKey(
    principal: Principal,
    fields: Partial<{
      provider: string;
      baseUrl: string;
      model: string;
      expiresAt: string;
      name: string;
    }> = {},
    accepted = true,
  ) {
    const secret = newSecret();
    if (accepted) fake.keys.add(secret);
    const provider = fields.provider ?? "openai-compatible";
    const key = await keys.create(
      principal,
      CreateKeyRequest.parse({
        name: fields.name ?? `key ${randomUUID().slice(0, 8)}`,
        provider,
        secret,
        ...(provider === "openai-compatible" ? { baseUrl: fields.baseUrl ?? `${fake.url}/v1` } : {}),
        ...(provider === "azure-openai" ? { baseUrl: fields.baseUrl ?? fake.url } : {}),
        ...(fields.model ? { model: fields.model } : {}),
        ...(fields.expiresAt ? { expiresAt: fields.expiresAt } : {}),
      }),
      {},
    );
    return { ...key, secret };
  }

  const request = (principal: Principal, extra: Partial<LlmRequest> = {}): LlmRequest => ({
    payerUserId: principal.user.id,
    task: "chat",
    messages,
    signal: new AbortController().signal,
    ...extra,
  });

  async function collect(req: LlmRequest): Promise<LlmChunk[]> {
    const chunks: LlmChunk[] = [];
    for await (const chunk of gateway.stream(req)) chunks.push(chunk);
    return chunks;
  }

  async function failure(
    promise: Promise<unknown>,
  ): Promise<{ code?: string; type?: string; message: string }> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, "expected the call to fail").toBeDefined();
    errorsSeen.push(err);
    return err as { code?: string; type?: string; message: string };
  }

  const since = (n: number) => fake.requests.slice(n);
  const usageOf = (keyId: string) => db.knex("usage").where({ api_key_id: keyId }).select();

  it.each([
    ["a key with its own base URL (pinned connections)", "openai-compatible"],
    ["a key for the provider's own endpoint", "openai"],
  ])(
    "tells the caller the request is on its way before the provider answers, with %s",
    async (_, provider) => {
      const me = await learner();
      await addKey(me, { provider });
      fake.script.push({ kind: "slow", delayMs: 300 });
      const events: string[] = [];
      const started = performance.now();
      let dispatchedAfter = Number.NaN;
      for await (const chunk of gateway.stream(
        request(me, {
          onDispatched: () => {
            dispatchedAfter = performance.now() - started;
            events.push("dispatched");
          },
        }),
      )) {
        events.push(chunk.type);
      }
      expect(events.filter((e) => e === "dispatched")).toHaveLength(1);
      expect(events[0]).toBe("dispatched");
      expect(dispatchedAfter).toBeLessThan(250);
    },
  );

  it("streams the reply token by token, then one done with the provider's usage, and records it", async () => {
    const me = await learner();
    const key = await addKey(me, { model: "fake-model" });
    const before = fake.requests.length;
    const chunks = await collect(request(me, { maxOutputTokens: 200 }));
    expect(chunks).toEqual([
      ...fake.reply.map((text) => ({ type: "text", text })),
      {
        type: "done",
        usage: { inputTokens: 21, outputTokens: 5 },
        keyId: key.id,
        provider: "openai-compatible",
        model: "fake-model",
      },
    ]);
    const [sent] = since(before);
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe(`Bearer ${key.secret}`);
    expect(sent?.body).toMatchObject({
      model: "fake-model",
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 200,
      messages,
    });
    const rows = await usageOf(key.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: me.user.id,
      task: "chat",
      provider: "openai-compatible",
      model: "fake-model",
      input_tokens: 21,
      output_tokens: 5,
      embed_id: null,
    });
    expect(Boolean(rows[0]?.estimated)).toBe(false);
    const shown = await keys.get(me, key.id);
    expect(shown.lastUsedAt).not.toBeNull();
    // The key record shows this month's usage from the records.
    expect(shown.usage).toEqual({ requests: 1, inputTokens: 21, outputTokens: 5 });
    expect((await keys.list(me))[0]?.usage).toEqual({ requests: 1, inputTokens: 21, outputTokens: 5 });
  });

  it("answers complete() with the whole text and its usage", async () => {
    const me = await learner();
    const key = await addKey(me);
    const result = await gateway.complete(request(me, { task: "feedback" }));
    expect(result).toEqual({
      text: fake.reply.join(""),
      usage: { inputTokens: 21, outputTokens: 5 },
      keyId: key.id,
      provider: "openai-compatible",
      model: "default",
    });
    expect((await usageOf(key.id))[0]?.task).toBe("feedback");
  });

  it("estimates usage, and says so, when the provider reports none", async () => {
    const me = await learner();
    const key = await addKey(me);
    fake.script.push({ kind: "no-usage" });
    const done = (await collect(request(me))).at(-1);
    expect(done).toMatchObject({ type: "done" });
    const [row] = await usageOf(key.id);
    expect(Boolean(row?.estimated)).toBe(true);
    expect(row?.output_tokens).toBe(Math.ceil(fake.reply.join("").length / 4));
  });

  it("retries after a 429, waiting as long as Retry-After says", async () => {
    const me = await learner();
    await addKey(me);
    fake.script.push({ kind: "status", status: 429, retryAfter: "1" });
    const before = fake.requests.length;
    const started = Date.now();
    const chunks = await collect(request(me));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(chunks.at(-1)).toMatchObject({ type: "done" });
    expect(since(before)).toHaveLength(2);
  });

  it("retries after 500s, then answers", async () => {
    const me = await learner();
    await addKey(me);
    fake.script.push({ kind: "status", status: 500 }, { kind: "status", status: 503 });
    const before = fake.requests.length;
    const chunks = await collect(request(me));
    expect(
      chunks
        .filter((c) => c.type === "text")
        .map((c) => (c as { text: string }).text)
        .join(""),
    ).toBe(fake.reply.join(""));
    expect(since(before)).toHaveLength(3);
  });

  it("retries a first token that is too slow to come", async () => {
    const me = await learner();
    await addKey(me);
    fake.script.push({ kind: "slow", delayMs: 1000 });
    const before = fake.requests.length;
    expect((await collect(request(me))).at(-1)).toMatchObject({ type: "done" });
    expect(since(before)).toHaveLength(2);
    expect(since(before)[0]?.closedEarly).toBe(true);
  });

  it("ends a stream that stalls after the first tokens with a timeout error, without retrying", async () => {
    const me = await learner();
    await addKey(me);
    fake.script.push({ kind: "stall", afterTokens: 2 });
    const before = fake.requests.length;
    const chunks: LlmChunk[] = [];
    const err = await failure(
      (async () => {
        for await (const chunk of gateway.stream(request(me))) chunks.push(chunk);
      })(),
    );
    expect(err).toMatchObject({ type: "external_service", code: "provider_timeout" });
    expect(chunks).toEqual(fake.reply.slice(0, 2).map((text) => ({ type: "text", text })));
    expect(since(before)).toHaveLength(1);
  });

  it("falls back to the next key when the provider refuses the chosen one (401)", async () => {
    const me = await learner();
    const refused = await addKey(me, { name: "revoked" }, false);
    const good = await addKey(me, { name: "spare" });
    await keys.setPreferences(me, { keys: { chat: refused.id } }, {});
    const before = fake.requests.length;
    const done = (await collect(request(me))).at(-1);
    expect(done).toMatchObject({ type: "done", keyId: good.id });
    expect(since(before).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${refused.secret}`,
      `Bearer ${good.secret}`,
    ]);
  });

  it("says which key the provider refused when no key is left, never the provider's echo of it", async () => {
    const me = await learner();
    const refused = await addKey(me, { name: "revoked" }, false);
    const err = await failure(collect(request(me)));
    expect(err).toMatchObject({ type: "external_service", code: "key_invalid" });
    expect(err.message).toContain('"revoked"');
    expect(err.message).not.toContain(refused.secret);
  });

  it("tries the chosen key first, then the others oldest first", async () => {
    const me = await learner();
    await addKey(me, { name: "older" });
    const chosen = await addKey(me, { name: "chosen" });
    await keys.setPreferences(me, { keys: { chat: chosen.id } }, {});
    expect((await collect(request(me))).at(-1)).toMatchObject({ keyId: chosen.id });
  });

  it("opens the circuit of a failing key, so the next key answers and later calls skip it at once", async () => {
    const me = await learner();
    const failing = await addKey(me, { name: "failing" });
    const spare = await addKey(me, { name: "spare" });
    await keys.setPreferences(me, { keys: { chat: failing.id } }, {});
    fake.script.push(
      { kind: "status", status: 500 },
      { kind: "status", status: 502 },
      { kind: "status", status: 503 },
    );
    let before = fake.requests.length;
    expect((await collect(request(me))).at(-1)).toMatchObject({ keyId: spare.id });
    expect(since(before).map((r) => r.headers.authorization)).toEqual([
      ...Array(3).fill(`Bearer ${failing.secret}`),
      `Bearer ${spare.secret}`,
    ]);
    before = fake.requests.length;
    expect((await collect(request(me))).at(-1)).toMatchObject({ keyId: spare.id });
    expect(since(before).map((r) => r.headers.authorization)).toEqual([`Bearer ${spare.secret}`]);
    // After the cool-down one trial call goes to the failing key again; it works, the circuit closes.
    clock.advance(61_000);
    before = fake.requests.length;
    expect((await collect(request(me))).at(-1)).toMatchObject({ keyId: failing.id });
  });

  it("lets the next key answer when a provider asks to wait longer than the cap", async () => {
    const me = await learner();
    const limited = await addKey(me, { name: "limited" });
    const spare = await addKey(me, { name: "spare" });
    await keys.setPreferences(me, { keys: { chat: limited.id } }, {});
    fake.script.push({ kind: "status", status: 429, retryAfter: "3600" });
    const started = Date.now();
    expect((await collect(request(me))).at(-1)).toMatchObject({ keyId: spare.id });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("re-opens the circuit when the trial call after the cool-down fails too", async () => {
    const me = await learner();
    const failing = await addKey(me, { name: "failing" });
    const spare = await addKey(me, { name: "spare" });
    await keys.setPreferences(me, { keys: { chat: failing.id } }, {});
    fake.script.push(...Array(3).fill({ kind: "status", status: 500 }));
    expect((await collect(request(me))).at(-1)).toMatchObject({ keyId: spare.id });
    clock.advance(61_000);
    fake.script.push({ kind: "status", status: 500 });
    let before = fake.requests.length;
    expect((await collect(request(me))).at(-1)).toMatchObject({ keyId: spare.id });
    // One trial request to the failing key, no retries of it, then the spare.
    expect(since(before).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${failing.secret}`,
      `Bearer ${spare.secret}`,
    ]);
    before = fake.requests.length;
    expect((await collect(request(me))).at(-1)).toMatchObject({ keyId: spare.id });
    expect(since(before)).toHaveLength(1);
  });

  it("answers provider_unavailable when every key's provider keeps failing", async () => {
    const me = await learner();
    await addKey(me);
    fake.script.push(...Array(3).fill({ kind: "status", status: 500 }));
    const err = await failure(collect(request(me)));
    expect(err).toMatchObject({ type: "external_service", code: "provider_unavailable" });
  });

  it("answers no_key_chosen, saying what to do, when the payer has no key", async () => {
    const me = await learner();
    const err = await failure(collect(request(me)));
    expect(err).toMatchObject({ type: "external_service", code: "no_key_chosen" });
    expect(err.message).toMatch(/add one/);
  });

  it("does not use an expired key", async () => {
    const me = await learner();
    await addKey(me, { expiresAt: new Date(clock.now() + 60_000).toISOString() });
    clock.advance(120_000);
    const before = fake.requests.length;
    const err = await failure(collect(request(me)));
    expect(err).toMatchObject({ type: "external_service", code: "key_expired" });
    expect(since(before)).toHaveLength(0);
  });

  it("refuses before any call when the key's monthly budget is spent", async () => {
    const me = await learner();
    const key = await addKey(me);
    const budgeted = await keys.update(me, key.id, UpdateKeyRequest.parse({ monthlyTokenBudget: 30 }), {});
    expect(budgeted.monthlyTokenBudget).toBe(30);
    await collect(request(me)); // 26 tokens: still within the budget
    await collect(request(me)); // 52: over it now
    const before = fake.requests.length;
    const err = await failure(collect(request(me)));
    expect(err).toMatchObject({ type: "external_service", code: "budget_exceeded" });
    expect(since(before)).toHaveLength(0);
  });

  it("refuses before any call when a sponsoring embed's monthly budget is spent, and counts usage for it", async () => {
    const me = await learner();
    const key = await addKey(me);
    const embedId = randomUUID();
    await db.knex("embeds").insert({
      id: embedId,
      owner_id: me.user.id,
      name: "course",
      publishable_key: `pk_${randomBytes(8).toString("hex")}`,
      secret_key_hash: randomBytes(32).toString("hex"),
      signing_secret: "{}",
      allowed_origins: JSON.stringify(["https://course.example"]),
      features: JSON.stringify({ chat: true }),
      chat_sponsored: true,
      chat_monthly_token_budget: 20,
      created_at: new Date(clock.now()).toISOString(),
      updated_at: new Date(clock.now()).toISOString(),
    });
    await collect(request(me, { embedId }));
    expect((await usageOf(key.id))[0]?.embed_id).toBe(embedId);
    // Another payer, or an embed that stopped sponsoring, never bills the owner's key.
    const stranger = await learner();
    await addKey(stranger);
    await failure(collect(request(stranger, { embedId })));
    await db.knex("embeds").where({ id: embedId }).update({ chat_sponsored: false });
    await failure(collect(request(me, { embedId })));
    await db.knex("embeds").where({ id: embedId }).update({ chat_sponsored: true });
    const before = fake.requests.length;
    const err = await failure(collect(request(me, { embedId })));
    expect(err).toMatchObject({ code: "budget_exceeded" });
    expect(err.message).toContain("site");
    expect(since(before)).toHaveLength(0);
  });

  it("aborts the provider's request at once when the caller's signal fires mid-stream", async () => {
    const me = await learner();
    const key = await addKey(me);
    fake.script.push({ kind: "stall", afterTokens: 1 });
    const controller = new AbortController();
    const closed = fake.closedEarly();
    const err = await failure(
      (async () => {
        for await (const chunk of gateway.stream(request(me, { signal: controller.signal }))) {
          if (chunk.type === "text") controller.abort();
        }
      })(),
    );
    expect(err).toMatchObject({ code: "request_aborted" });
    await expect(Promise.race([closed.then(() => "closed"), sleep(2000).then(() => "open")])).resolves.toBe(
      "closed",
    );
    // What the call cost so far is still counted, estimated.
    expect(Boolean((await usageOf(key.id))[0]?.estimated)).toBe(true);
  });

  it("ends the provider's request when the caller stops reading", async () => {
    const me = await learner();
    await addKey(me);
    fake.script.push({ kind: "stall", afterTokens: 1 });
    const closed = fake.closedEarly();
    for await (const chunk of gateway.stream(request(me))) if (chunk.type === "text") break;
    await expect(Promise.race([closed.then(() => "closed"), sleep(2000).then(() => "open")])).resolves.toBe(
      "closed",
    );
  });

  it("speaks Azure OpenAI: the deployment in the path, api-version, and the key in api-key", async () => {
    const me = await learner();
    const key = await addKey(me, { provider: "azure-openai", model: "tutor-deployment" });
    const before = fake.requests.length;
    expect((await collect(request(me))).at(-1)).toMatchObject({
      provider: "azure-openai",
      model: "tutor-deployment",
    });
    const [sent] = since(before);
    expect(sent?.path).toBe("/openai/deployments/tutor-deployment/chat/completions?api-version=2024-10-21");
    expect(sent?.headers["api-key"]).toBe(key.secret);
    expect(sent?.headers.authorization).toBeUndefined();
  });

  it.each([
    ["anthropic", "/v1/chat/completions", "claude-3-5-haiku-latest"],
    ["google", "/v1beta/openai/chat/completions", "gemini-2.0-flash"],
    ["openai", "/v1/chat/completions", "gpt-4o-mini"],
  ])("speaks to %s through its OpenAI-compatible endpoint", async (provider, pathname, model) => {
    const me = await learner();
    const key = await addKey(me, { provider });
    const before = fake.requests.length;
    expect((await collect(request(me))).at(-1)).toMatchObject({ provider, model });
    const [sent] = since(before);
    expect(sent?.path).toBe(pathname);
    expect(sent?.headers.authorization).toBe(`Bearer ${key.secret}`);
  });

  it("refuses at call time a base URL whose host now resolves to a private address", async () => {
    const me = await learner();
    dns["models.example.com"] = ["93.184.216.34"];
    await addKey(me, { baseUrl: "https://models.example.com/v1" });
    dns["models.example.com"] = ["10.0.0.5"];
    const before = fake.requests.length;
    const err = await failure(collect(request(me)));
    expect(err).toMatchObject({ type: "external_service", code: "base_url_not_allowed" });
    expect(err.message).toContain("10.0.0.5");
    expect(since(before)).toHaveLength(0);
  });

  it("does not follow a provider's redirect", async () => {
    const me = await learner();
    await addKey(me);
    fake.script.push({ kind: "redirect", location: `${fake.url}/redirected/v1/chat/completions` });
    const before = fake.requests.length;
    const err = await failure(collect(request(me)));
    expect(err).toMatchObject({ type: "external_service", code: "key_unusable" });
    expect(err.message).toContain("redirect");
    // Neither followed nor retried: a redirect is a wrong endpoint, not an outage.
    expect(since(before).map((r) => r.path)).toEqual(["/v1/chat/completions"]);
  });

  it("connects only to the addresses it resolved and checked, resolving the host once per call", async () => {
    const me = await learner();
    dns["models.internal"] = ["127.0.0.1"];
    const port = new URL(fake.url).port;
    await addKey(me, { baseUrl: `http://models.internal:${port}/v1` });
    lookups = 0;
    // No real name server knows models.internal: reaching the fake proves the pinned lookup was used.
    expect((await collect(request(me))).at(-1)).toMatchObject({ type: "done" });
    expect(lookups).toBe(1);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databases)("tutor usage and budgets through the keys API, on $name", (target) => {
  let db: TestDatabase;
  let api: TestApi;
  let fake: FakeChatProvider;
  let gateway: LlmGateway | undefined;

  beforeAll(async () => {
    db = await target.create();
    fake = await startFakeChatProvider();
    api = await startApi(db.knex, {
      allowPrivateProviderUrls: [fake.url],
      llm: ({ secrets, clock, logger }) => {
        gateway = createLlmGateway({
          db: db.knex,
          secrets,
          clock,
          logger,
          allowPrivateProviderUrls: [fake.url],
          timeouts: { firstTokenMs: 2000, idleMs: 2000 },
        });
        return gateway;
      },
    });
  });

  afterAll(async () => {
    // The suite-wide check: no secret that crossed the API is in a log line or a row in plaintext.
    await api?.close();
    await fake?.close();
    await db?.destroy();
  });

  it("takes a monthly budget, shows this month's usage on the key, and refuses once it is spent", async () => {
    const signup = await signUp(api, { email: `budget-${randomUUID()}@example.com` });
    const token = signup.token;
    const headers = { Origin: PUBLIC_URL };
    const secret = `sk-budget-${randomBytes(16).toString("hex")}`;
    fake.keys.add(secret);
    const created = await api.call("POST", "/api/v1/keys", {
      token,
      headers,
      body: {
        name: "tutor",
        provider: "openai-compatible",
        secret,
        baseUrl: `${fake.url}/v1`,
        monthlyTokenBudget: 40,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key = ApiKey.parse(created.body);
    expect(key.monthlyTokenBudget).toBe(40);
    expect(key.usage).toEqual({ requests: 0, inputTokens: 0, outputTokens: 0 });

    const call = () =>
      (gateway as LlmGateway).complete({
        payerUserId: signup.user.id,
        task: "chat",
        messages,
        signal: new AbortController().signal,
      });
    await call();
    const shown = await api.call("GET", `/api/v1/keys/${key.id}`, { token });
    expect(shown.body.usage).toEqual({ requests: 1, inputTokens: 21, outputTokens: 5 });
    await call();
    await expect(call()).rejects.toMatchObject({ code: "budget_exceeded" });

    const raised = await api.call("PATCH", `/api/v1/keys/${key.id}`, {
      token,
      headers,
      body: { monthlyTokenBudget: null },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    expect(raised.body.monthlyTokenBudget).toBeNull();
    expect((await call()).keyId).toBe(key.id);
    const listed = await api.call("GET", "/api/v1/keys", { token });
    expect(listed.body[0].usage).toEqual({ requests: 3, inputTokens: 63, outputTokens: 15 });
    const invalid = await api.call("PATCH", `/api/v1/keys/${key.id}`, {
      token,
      headers,
      body: { monthlyTokenBudget: 0 },
    });
    expect(invalid.status).toBe(400);
  });
});
