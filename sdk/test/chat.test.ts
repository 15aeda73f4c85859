import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmGateway } from "../../platform-api/src/services/tutor/llm/index.js";
import {
  type FakeChatProvider,
  startFakeChatProvider,
} from "../../platform-api/test/support/fake-chat-provider.js";
import { ExternalServiceError, NotFoundError, ValidationError } from "../src/index.js";
import { createTestDatabase, newAccount, PY_SUM, startApi, sumProblem, type TestApi } from "./support/api.js";

describe("the tutor through the SDK (OpenAI-compatible provider on loopback)", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: TestApi;
  let provider: FakeChatProvider;
  let slug: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    provider = await startFakeChatProvider();
    api = await startApi(db.knex, {
      allowPrivateProviderUrls: [provider.url],
      llm: ({ secrets, clock, logger }) =>
        createLlmGateway({
          db: db.knex,
          secrets,
          clock,
          logger,
          allowPrivateProviderUrls: [provider.url],
          timeouts: { firstTokenMs: 2000, idleMs: 5000 },
          retry: { maxRetries: 0, baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 100 },
        }),
    });
    const author = await newAccount(api, "author");
    slug = (await author.cg.problems.create(sumProblem())).slug;
  });
  afterAll(async () => {
    await api?.close();
    await provider?.close();
    await db?.destroy();
  });

  /** A user whose chat and feedback key is an OpenAI-compatible key on the loopback provider. */
  async function userWithKey() {
    const account = await newAccount(api);
    const secret = `sk-chat-${randomUUID()}`;
    provider.keys.add(secret);
    const key = await account.cg.keys.create({
      name: "tutor",
      provider: "openai-compatible",
      secret,
      baseUrl: `${provider.url}/v1`,
      model: "fake-model-1",
    });
    await account.cg.me.preferences.update({ keys: { chat: key.id, feedback: key.id } });
    const conversation = await account.cg.chat.conversations.create({ problemSlug: slug });
    return { ...account, secret, conversationId: conversation.id };
  }

  /** Reads the conversation until its last reply has left `status` (the server stores it after the stream). */
  async function lastReply(cg: Awaited<ReturnType<typeof userWithKey>>["cg"], id: string, status: string) {
    for (let i = 0; i < 100; i++) {
      const conversation = await cg.chat.conversations.get(id);
      const reply = conversation.messages.at(-1);
      if (reply?.role === "assistant" && reply.status === status) return reply;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${status} reply stored`);
  }

  it("streams the reply chunk by chunk and resolves its message id and usage", async () => {
    const { cg, conversationId, secret } = await userWithKey();
    const reply = cg.chat.send(conversationId, {
      content: "Where do I start?",
      code: PY_SUM,
      language: "python",
    });
    const chunks: string[] = [];
    for await (const chunk of reply) chunks.push(chunk);
    expect(chunks).toEqual(provider.reply);
    expect(reply.text).toBe(provider.reply.join(""));
    const done = await reply.result;
    expect(done.usage).toEqual({ inputTokens: 21, outputTokens: 5 });

    const conversation = await cg.chat.conversations.get(conversationId);
    expect(conversation.messages.map((m) => `${m.role}:${m.status}`)).toEqual([
      "user:complete",
      "assistant:complete",
    ]);
    expect(conversation.messages[1]?.id).toBe(done.messageId);
    expect(conversation.messages[0]?.code).toBe(PY_SUM);
    expect(JSON.stringify(conversation)).not.toContain(secret);
  });

  it("gives the whole reply through result without iterating", async () => {
    const { cg, conversationId } = await userWithKey();
    const reply = cg.chat.send(conversationId, { content: "Just the answer" });
    const done = await reply.result;
    expect(done.messageId).toBeTruthy();
    expect(reply.text).toBe(provider.reply.join(""));
  });

  it("stops mid-reply when the loop breaks: the request ends and the provider call is cancelled", async () => {
    const { cg, conversationId } = await userWithKey();
    provider.script.push({ kind: "stall", afterTokens: 2 });
    const providerClosed = provider.closedEarly();
    const reply = cg.chat.send(conversationId, { content: "explain slowly" });
    const chunks: string[] = [];
    for await (const chunk of reply) {
      chunks.push(chunk);
      if (chunks.length === 2) break;
    }
    expect(chunks).toEqual(provider.reply.slice(0, 2));
    await providerClosed;
    await expect(reply.result).rejects.toMatchObject({ name: "AbortError" });
    const stored = await lastReply(cg, conversationId, "aborted");
    expect(stored.content).toBe(provider.reply.slice(0, 2).join(""));
  });

  it("stops mid-reply when the signal aborts", async () => {
    const { cg, conversationId } = await userWithKey();
    provider.script.push({ kind: "stall", afterTokens: 1 });
    const providerClosed = provider.closedEarly();
    const controller = new AbortController();
    const chunks: string[] = [];
    const err = await (async () => {
      for await (const chunk of cg.chat.send(
        conversationId,
        { content: "and now?" },
        { signal: controller.signal },
      )) {
        chunks.push(chunk);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AbortError" });
    expect(chunks).toHaveLength(1);
    await providerClosed;
    await lastReply(cg, conversationId, "aborted");
  });

  it("throws a failure inside the stream (no chat key chosen) as a typed error", async () => {
    const { cg } = await newAccount(api);
    const conversation = await cg.chat.conversations.create({});
    const reply = cg.chat.send(conversation.id, { content: "hi" });
    const err = await (async () => {
      for await (const _ of reply) {
        // no tokens come
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toMatchObject({ code: "no_key_chosen", type: "external_service" });
    expect((err as ExternalServiceError).requestId).toBeTruthy();
  });

  it("throws refusals before the stream as typed errors", async () => {
    const { cg, conversationId } = await userWithKey();
    const empty = cg.chat.send(conversationId, { content: "   " });
    await expect(empty.result).rejects.toBeInstanceOf(ValidationError);
    const missing = cg.chat.send(randomUUID(), { content: "hello?" });
    await expect(missing.result).rejects.toBeInstanceOf(NotFoundError);
  });

  it("asks for AI feedback on a judged submission", async () => {
    // No sandbox here: the submission ends as internal_error, which is still judged ("done").
    const { cg } = await userWithKey();
    const submission = await cg.submissions.create(slug, { language: "python", code: PY_SUM });
    const judged = await cg.submissions.wait(submission.id);
    expect(judged.state).toBe("done");
    const saved = provider.reply;
    provider.reply = ['{"score": 72, "strengths": ["short"], "improvements": ["handle errors"]}'];
    try {
      const feedback = await cg.submissions.feedback(submission.id);
      expect(feedback).toMatchObject({ score: 72, strengths: ["short"], improvements: ["handle errors"] });
      expect((await cg.submissions.get(submission.id)).feedback?.score).toBe(72);
    } finally {
      provider.reply = saved;
    }
  });
});
