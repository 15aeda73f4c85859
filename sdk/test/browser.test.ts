import { randomUUID } from "node:crypto";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmGateway } from "../../platform-api/src/services/tutor/llm/index.js";
import {
  type FakeChatProvider,
  startFakeChatProvider,
} from "../../platform-api/test/support/fake-chat-provider.js";
import { createTestDatabase, newAccount, startApi, sumProblem, type TestApi } from "./support/api.js";
import { startBrowserSite } from "./support/browser-site.js";
import { ensureBuilt } from "./support/built.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * The ESM build in headless Chromium, unbundled (an import map names zod): no Node API, no
 * polyfill. Page scripts are strings, so the test runner's transforms never touch them.
 */
describe("the SDK in a browser", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: TestApi;
  let provider: FakeChatProvider;
  let site: Awaited<ReturnType<typeof startBrowserSite>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
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
    site = await startBrowserSite(api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
    });
    page = await browser.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await page.goto(site.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
    await provider?.close();
    await db?.destroy();
  });

  /** A signed-in user (made from Node) with a chat key on the loopback provider and a conversation. */
  async function chatUser() {
    const account = await newAccount(api);
    const secret = `sk-browser-${randomUUID()}`;
    provider.keys.add(secret);
    const key = await account.cg.keys.create({
      name: "tutor",
      provider: "openai-compatible",
      secret,
      baseUrl: `${provider.url}/v1`,
    });
    await account.cg.me.preferences.update({ keys: { chat: key.id } });
    const conversation = await account.cg.chat.conversations.create({});
    return { token: account.token, email: account.email, conversationId: conversation.id };
  }

  it("calls the API with typed answers and typed errors carrying the request id", async () => {
    const { token, email } = await chatUser();
    const result = await page.evaluate(`(async () => {
      const { Codeground, NotFoundError, ApiError } = await import("@codeground/sdk");
      const cg = new Codeground({ baseUrl: location.origin, token: ${JSON.stringify(token)} });
      const me = await cg.me.get();
      const err = await cg.problems.get("no-such-problem").catch((e) => e);
      const page = await cg.problems.list({ limit: 5 });
      return {
        email: me.email,
        notFound: err instanceof NotFoundError && err instanceof ApiError,
        status: err.status,
        code: err.code,
        requestId: err.requestId,
        items: Array.isArray(page.items),
      };
    })()`);
    expect(result).toMatchObject({ email, notFound: true, status: 404, items: true });
    expect((result as { requestId: string }).requestId).toMatch(/^[\w-]{8,}$/);
    expect(pageErrors).toEqual([]);
  });

  it("streams a tutor reply chunk by chunk over fetch's ReadableStream", async () => {
    const { token, conversationId } = await chatUser();
    const result = await page.evaluate(`(async () => {
      const { Codeground } = await import("@codeground/sdk");
      const cg = new Codeground({ baseUrl: location.origin, token: ${JSON.stringify(token)} });
      const reply = cg.chat.send(${JSON.stringify(conversationId)}, { content: "hint?" });
      const chunks = [];
      for await (const chunk of reply) chunks.push(chunk);
      const done = await reply.result;
      return { chunks, usage: done.usage, messageId: done.messageId };
    })()`);
    expect(result).toMatchObject({ chunks: provider.reply, usage: { inputTokens: 21, outputTokens: 5 } });
  });

  it("stops a reply when the loop breaks, and when the signal aborts", async () => {
    const { token, conversationId } = await chatUser();
    provider.script.push({ kind: "stall", afterTokens: 2 });
    const closedByBreak = provider.closedEarly();
    const byBreak = await page.evaluate(`(async () => {
      const { Codeground } = await import("@codeground/sdk");
      const cg = new Codeground({ baseUrl: location.origin, token: ${JSON.stringify(token)} });
      const reply = cg.chat.send(${JSON.stringify(conversationId)}, { content: "slowly" });
      const chunks = [];
      for await (const chunk of reply) {
        chunks.push(chunk);
        if (chunks.length === 2) break;
      }
      const stopped = await reply.result.catch((e) => e.name);
      return { chunks, stopped };
    })()`);
    expect(byBreak).toEqual({ chunks: provider.reply.slice(0, 2), stopped: "AbortError" });
    await closedByBreak;

    provider.script.push({ kind: "stall", afterTokens: 1 });
    const closedByAbort = provider.closedEarly();
    const byAbort = await page.evaluate(`(async () => {
      const { Codeground } = await import("@codeground/sdk");
      const cg = new Codeground({ baseUrl: location.origin, token: ${JSON.stringify(token)} });
      const controller = new AbortController();
      const chunks = [];
      try {
        for await (const chunk of cg.chat.send(${JSON.stringify(conversationId)}, { content: "again" }, { signal: controller.signal })) {
          chunks.push(chunk);
          controller.abort();
        }
        return { chunks, error: null };
      } catch (e) {
        return { chunks, error: e.name };
      }
    })()`);
    expect(byAbort).toEqual({ chunks: provider.reply.slice(0, 1), error: "AbortError" });
    await closedByAbort;
  });

  it("runs on a host page of another origin: a learner session and learner calls through the API's CORS", async () => {
    const author = await newAccount(api, "author");
    const problem = await author.cg.problems.create(sumProblem());
    const embed = await author.cg.embeds.create({
      name: "course",
      allowedOrigins: [site.url],
      features: ["problem"],
      problems: [problem.slug],
    });
    const result = await page.evaluate(`(async () => {
      const { Codeground, ExternalServiceError } = await import("@codeground/sdk");
      // The API is another origin than this page: the browser sends Origin and enforces CORS.
      const anonymous = new Codeground({ baseUrl: ${JSON.stringify(api.url)} });
      const session = await anonymous.createEmbedSession(${JSON.stringify(embed.publishableKey)});
      const learner = anonymous.withToken(session.token);
      const listed = await learner.problems.list();
      const view = await learner.problems.get(${JSON.stringify(problem.slug)});
      // No sandbox behind this API: the run is refused, and the typed error still has its request id.
      const err = await learner.problems.run(${JSON.stringify(problem.slug)}, { language: "python", code: "print(3)" }).catch((e) => e);
      return {
        ref: session.learner.ref,
        slugs: listed.items.map((p) => p.slug),
        samples: view.samples.length,
        runError: err instanceof ExternalServiceError,
        status: err.status,
        requestId: err.requestId,
      };
    })()`);
    expect(result).toMatchObject({ slugs: [problem.slug], samples: 1, runError: true, status: 503 });
    expect((result as { ref: string }).ref).toMatch(/^anon:/);
    expect((result as { requestId: string }).requestId).toMatch(/^[\w-]{8,}$/);
  });
});
