import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REPLY_TOKENS } from "../src/services/tutor/chat.js";
import { tutorMessages } from "../src/services/tutor/chat-context.js";
import { callAllowance } from "../src/services/tutor/llm/budget.js";
import {
  createLlmGateway,
  type LlmChunk,
  type LlmGateway,
  type LlmRequest,
} from "../src/services/tutor/llm/index.js";
import { startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { createEmbed, signup, startSession } from "./support/embeds.js";
import { type FakeChatProvider, startFakeChatProvider } from "./support/fake-chat-provider.js";

/** What the fake provider reports for every call: 21 tokens in, 5 out. */
const CALL_TOKENS = 26;

interface SseEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: events are checked field by field
  data: any;
}

/** Sends a tutor message and reads the reply stream to its end. */
async function send(api: TestApi, token: string, conversationId: string, content: string) {
  const response = await fetch(`${api.url}/api/v1/chat/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ content }),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  const events: SseEvent[] = [];
  for (const block of text.split("\n\n")) {
    const lines = block.split("\n").filter((l) => l && !l.startsWith(":"));
    const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
    const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
    if (event && data) events.push({ event, data: JSON.parse(data) });
  }
  return { status: response.status, events, last: events.at(-1) };
}

describe.each(databases)("tutor budgets on $name", (target) => {
  let db: TestDatabase;
  let api: TestApi;
  let fake: FakeChatProvider;
  let gateway: LlmGateway;

  beforeAll(async () => {
    db = await target.create();
    fake = await startFakeChatProvider();
    api = await startApi(db.knex, {
      allowPrivateProviderUrls: [fake.url],
      chat: { messagesPerMinute: 1000 },
      llm: ({ secrets, clock, logger }) => {
        gateway = createLlmGateway({
          db: db.knex,
          secrets,
          clock,
          logger,
          allowPrivateProviderUrls: [fake.url],
          timeouts: { firstTokenMs: 5000, idleMs: 5000 },
        });
        return gateway;
      },
    });
  });

  afterAll(async () => {
    await api?.close();
    await fake?.close();
    await db?.destroy();
  });

  /** An author with a chat key on the fake provider; `budget` is the key's monthly budget. */
  async function author(budget?: number) {
    const user = await signup(api);
    const secret = `sk-budget-${randomBytes(16).toString("hex")}`;
    fake.keys.add(secret);
    const key = await api.call("POST", "/api/v1/keys", {
      token: user.token,
      body: {
        name: "tutor",
        provider: "openai-compatible",
        secret,
        baseUrl: `${fake.url}/v1`,
        ...(budget ? { monthlyTokenBudget: budget } : {}),
      },
    });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    return { ...user, keyId: key.body.id as string };
  }

  /** A learner of a new embed whose owner sponsors the tutor with `monthlyTokenBudget`. */
  async function sponsoredLearner(monthlyTokenBudget: number) {
    const owner = await author();
    const embed = await createEmbed(api, owner.token, {
      features: ["problem", "chat"],
      chat: { sponsored: true, monthlyTokenBudget },
    });
    const session = await startSession(api, embed.publishableKey);
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    return { token: session.body.token as string, embed, owner };
  }

  async function conversation(token: string) {
    const res = await api.call("POST", "/api/v1/chat/conversations", { token, body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  const spentBy = async (where: { api_key_id: string } | { embed_id: string }) => {
    const row = await db.knex("usage").where(where).sum({ i: "input_tokens", o: "output_tokens" }).first();
    return Number(row?.i ?? 0) + Number(row?.o ?? 0);
  };
  const heldFor = (where: { api_key_id: string } | { embed_id: string }) =>
    db.knex("llm_budget_holds").where(where).select();

  it("lets a sponsored embed's learners chat within its budget, then answers budget_exceeded without a call", async () => {
    const { token, embed, owner } = await sponsoredLearner(40);
    const id = await conversation(token);
    const first = await send(api, token, id, "hint, please?");
    expect(first.status).toBe(200);
    expect(first.last?.event, JSON.stringify(first.events)).toBe("done");
    const second = await send(api, token, id, "and another?");
    expect(second.last?.event).toBe("done"); // 26 tokens spent of 40: still within
    expect(await spentBy({ embed_id: embed.id })).toBe(2 * CALL_TOKENS);

    const before = fake.requests.length;
    const third = await send(api, token, id, "one more?");
    expect(third.last?.event).toBe("error");
    expect(third.last?.data.error).toMatchObject({ type: "external_service", code: "budget_exceeded" });
    expect(third.last?.data.error.message).toMatch(/site/);
    expect(fake.requests.length).toBe(before);

    // The owner raises the budget: it counts at once.
    const raised = await api.call("PATCH", `/api/v1/embeds/${embed.id}`, {
      token: owner.token,
      body: { chat: { monthlyTokenBudget: 1000 } },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    expect((await send(api, token, id, "now?")).last?.event).toBe("done");
    expect(await heldFor({ embed_id: embed.id })).toEqual([]);
  });

  it("refuses the right number of concurrent calls on a key's budget, and spends at most budget + one call", async () => {
    const me = await author();
    const messages: LlmRequest["messages"] = [
      { role: "system", content: "You are a patient programming tutor." },
      { role: "user", content: `How do I start? ${"x".repeat(200)}` },
    ];
    const allowance = callAllowance(messages, 100);
    // Room for two holds and part of a third: three calls start, the other five are refused.
    const budget = Math.floor(2.5 * allowance);
    await db.knex("api_keys").where({ id: me.keyId }).update({ monthly_token_budget: budget });
    const calls = 8;
    fake.script.push(...Array.from({ length: calls }, () => ({ kind: "slow" as const, delayMs: 400 })));
    const before = fake.requests.length;
    const outcomes = await Promise.all(
      Array.from({ length: calls }, async () => {
        try {
          const chunks: LlmChunk[] = [];
          for await (const chunk of gateway.stream({
            payerUserId: me.userId,
            task: "chat",
            messages,
            signal: new AbortController().signal,
            maxOutputTokens: 100,
          })) {
            chunks.push(chunk);
          }
          return chunks.at(-1)?.type ?? "nothing";
        } catch (err) {
          return (err as { code?: string }).code ?? "error";
        }
      }),
    );
    fake.script.splice(0);
    expect(outcomes.filter((o) => o === "done")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "budget_exceeded")).toHaveLength(calls - 3);
    expect(fake.requests.length - before).toBe(3);
    const spent = await spentBy({ api_key_id: me.keyId });
    expect(spent).toBe(3 * CALL_TOKENS);
    expect(spent).toBeLessThanOrEqual(budget + allowance);
    expect(await heldFor({ api_key_id: me.keyId })).toEqual([]);
  });

  it("refuses the right number of concurrent learner messages on a sponsored embed's budget", async () => {
    const content = "Where do I begin with this one?";
    const allowance = callAllowance(
      tutorMessages({ policy: "hints", history: [], message: { content } }),
      MAX_REPLY_TOKENS,
    );
    const budget = Math.floor(2.5 * allowance);
    const { token, embed } = await sponsoredLearner(budget);
    // As many as one learner may stream at once (5 open event streams per actor).
    const messages = 5;
    const ids = await Promise.all(Array.from({ length: messages }, () => conversation(token)));
    fake.script.push(...Array.from({ length: messages }, () => ({ kind: "slow" as const, delayMs: 500 })));
    const replies = await Promise.all(ids.map((id) => send(api, token, id, content)));
    fake.script.splice(0);
    const ends = replies.map((r) => (r.last?.event === "done" ? "done" : r.last?.data.error.code));
    expect(ends.filter((e) => e === "done")).toHaveLength(3);
    expect(ends.filter((e) => e === "budget_exceeded")).toHaveLength(messages - 3);
    const spent = await spentBy({ embed_id: embed.id });
    expect(spent).toBe(3 * CALL_TOKENS);
    expect(spent).toBeLessThanOrEqual(budget + allowance);
    expect(await heldFor({ embed_id: embed.id })).toEqual([]);
    // Every learner message is kept, answered or not.
    const stored = await db.knex("messages").whereIn("conversation_id", ids).where({ role: "user" });
    expect(stored).toHaveLength(messages);
  });

  it("lets a hold left by a crashed call lapse instead of blocking the budget forever", async () => {
    const me = await author(100);
    await db.knex("llm_budget_holds").insert({
      id: randomUUID(),
      api_key_id: me.keyId,
      embed_id: null,
      tokens: 1_000_000,
      created_at: new Date(api.clock.now() - 20 * 60_000).toISOString(),
      expires_at: new Date(api.clock.now() - 10 * 60_000).toISOString(),
    });
    const done = await gateway.complete({
      payerUserId: me.userId,
      task: "chat",
      messages: [{ role: "user", content: "hi" }],
      signal: new AbortController().signal,
    });
    expect(done.keyId).toBe(me.keyId);
    expect(await heldFor({ api_key_id: me.keyId })).toEqual([]);
  });
  // Last: the provider refusing keys trips its circuit, which the budget tests above must not meet.
  it("never shows a sponsored learner the owner's key names when the owner's key fails", async () => {
    const { token, owner } = await sponsoredLearner(10_000);
    const renamed = await api.call("PATCH", `/api/v1/keys/${owner.keyId}`, {
      token: owner.token,
      body: { name: "Ada's private lab key" },
    });
    expect(renamed.status).toBe(200);
    // The provider stops accepting the owner's secret (revoked at the provider, say).
    const secrets = [...fake.keys];
    fake.keys.clear();
    try {
      const learner = await send(api, token, await conversation(token), "hint?");
      expect(learner.last?.event, JSON.stringify(learner.events)).toBe("error");
      expect(learner.last?.data.error.code).toBe("key_invalid");
      expect(learner.last?.data.error.message).not.toContain("Ada");
      expect(JSON.stringify(learner.events)).not.toContain("lab key");
      // The owner, chatting with the same key, is told which key to fix.
      const own = await send(api, owner.token, await conversation(owner.token), "hint?");
      expect(own.last?.data.error.code).toBe("key_invalid");
      expect(own.last?.data.error.message).toContain("Ada's private lab key");
    } finally {
      for (const s of secrets) fake.keys.add(s);
    }
  });
});
