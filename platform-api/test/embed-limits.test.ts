import type { RunResponse, SandboxRunner } from "@codeground/sandbox";
import { Embed, EmbedSession } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LlmChunk, LlmGateway, LlmRequest } from "../src/services/tutor/llm/index.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { type DatabaseTarget, databases, type TestDatabase } from "./support/databases.js";
import { createEmbed, ORIGIN, signup, startSession } from "./support/embeds.js";

const SLUG = "limits-sum-two";

const problem = {
  slug: SLUG,
  title: "Sum two",
  statement: "Print the sum.",
  difficulty: "easy",
  categories: ["math"],
  languages: ["python"],
  limits: { timeMs: 2000, memoryMb: 256 },
  judge: { mode: "stdio", compare: "tokens" },
  starter: { python: "" },
  tests: [
    { input: "1 2\n", expected: "3\n", sample: true },
    { input: "2 2\n", expected: "4\n" },
  ],
};

const code = { language: "python", code: "print(sum(map(int, input().split())))" };

/** A sandbox that passes every test and counts its runs: the judging is the submissions suite's business. */
function countingSandbox() {
  let runs = 0;
  const runner: SandboxRunner = {
    async run(request) {
      runs++;
      const tests = (request.tests ?? []).map((t) => ({
        id: t.id,
        verdict: "accepted" as const,
        timeMs: 1,
        memoryKb: 1,
        stdout: typeof t.expected === "string" ? t.expected : "",
        stderr: "",
        exitCode: 0,
      }));
      const run = { stdout: "3\n", stderr: "", exitCode: 0, timeMs: 1, memoryKb: 1, truncated: false };
      return { status: "accepted", tests, run } as RunResponse;
    },
    async languages() {
      return [];
    },
  };
  return { runner, runs: () => runs };
}

/** A tutor that answers at once, or, while `hold` is on, says one word and waits to be released. */
function fakeTutor() {
  const requests: LlmRequest[] = [];
  const waiting: (() => void)[] = [];
  let hold = false;
  const done: LlmChunk = {
    type: "done",
    usage: { inputTokens: 3, outputTokens: 2 },
    keyId: "key-1",
    provider: "openai",
    model: "gpt-test",
  };
  const gateway: LlmGateway = {
    async *stream(request) {
      requests.push(request);
      yield { type: "text", text: "Think " };
      if (hold) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          request.signal.addEventListener("abort", () => resolve());
        });
      }
      yield done;
    },
    async complete() {
      throw new Error("not used here");
    },
  };
  return {
    gateway,
    requests,
    hold(on: boolean) {
      hold = on;
    },
    releaseAll() {
      for (const release of waiting.splice(0)) release();
    },
  };
}

describe.each(databases)("embed limits on $name", (target: DatabaseTarget) => {
  let db: TestDatabase;
  let api: TestApi;
  let sandbox: ReturnType<typeof countingSandbox>;
  let tutor: ReturnType<typeof fakeTutor>;
  let owner: { token: string; userId: string };

  beforeAll(async () => {
    db = await target.create();
    sandbox = countingSandbox();
    tutor = fakeTutor();
    api = await startApi(db.knex, {
      sandbox: sandbox.runner,
      llm: tutor.gateway,
      // The per-learner and per-user limits stay out of the way: these tests are about the embed's.
      submissions: { executionsPerMinute: 1000 },
      chat: { messagesPerMinute: 1000 },
      embedSessions: { perAddress: 10_000, perEmbed: 10_000 },
    });
    owner = await signup(api);
    const created = await api.call("POST", "/api/v1/problems", { token: owner.token, body: problem });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  afterAll(async () => {
    tutor?.releaseAll();
    await api?.close();
    await db?.destroy();
  });

  /** A brand-new anonymous learner of the embed: what anyone with its publishable key can mint. */
  async function freshLearner(target: TestApi, publishableKey: string): Promise<string> {
    const res = await startSession(target, publishableKey);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return EmbedSession.parse(res.body).token;
  }

  const asLearner = (token: string) => ({ token, headers: { Origin: ORIGIN } });
  const auditOf = (action: string, embedId: string) =>
    api.db("audit_log").where({ action, target_id: embedId }).select("details");

  describe("starting learner sessions", () => {
    let limited: TestApi;

    beforeAll(async () => {
      limited = await startApi(db.knex, { embedSessions: { perAddress: 7, perEmbed: 3 } });
    });
    afterAll(async () => {
      await limited?.close();
    });

    it("caps the sessions one embed starts, and leaves the other embeds alone", async () => {
      const { token } = await signup(limited);
      const busy = await createEmbed(limited, token);
      const quiet = await createEmbed(limited, token);
      for (let i = 0; i < 3; i++) await freshLearner(limited, busy.publishableKey);
      for (let i = 0; i < 2; i++) {
        const refused = await startSession(limited, busy.publishableKey);
        const error = expectError(refused, 429, "embed_session_limit");
        expect(error.type).toBe("rate_limit");
        expect(error.message).toMatch(/Retry-After/);
        const retryAfter = Number(refused.headers.get("Retry-After"));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(600);
      }
      // A signed learner token does not get past it either.
      expectError(await startSession(limited, busy.publishableKey, { learnerToken: "x" }), 429);
      await freshLearner(limited, quiet.publishableKey);
      // The first refusal of the window is audited, not every one of a flood.
      const refusals = await limited
        .db("audit_log")
        .where({ action: "embed.session_refused", target_id: busy.id })
        .select("details");
      expect(refusals.map((r) => JSON.parse(r.details).reason)).toEqual(["too_many_sessions_for_embed"]);
    });

    it("caps the sessions started from one client address, whatever the embed or key", async () => {
      // This address made 7 attempts above (4 sessions, 3 refused by the embed's limit): all of its 7.
      const { token } = await signup(limited);
      const other = await createEmbed(limited, token);
      const refused = await startSession(limited, other.publishableKey);
      expectError(refused, 429, "too_many_sessions");
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
      // Refused before the key is even looked up: a made-up key is no longer a 401.
      expectError(await startSession(limited, "pk_madeupmadeupmadeup00"), 429, "too_many_sessions");
      expectError(await startSession(limited, other.publishableKey, {}, "https://evil.example"), 429);
      const refusals = await limited
        .db("audit_log")
        .where({ action: "embed.session_refused" })
        .select("details");
      const reasons = refusals.map((r) => JSON.parse(r.details).reason);
      expect(reasons.filter((r) => r === "too_many_sessions_from_address")).toHaveLength(1);
    });
  });

  describe("hourly ceilings shared by all of an embed's learners", () => {
    it("refuses the embed's runs past runsPerHour, whichever learner session asks, and audits it once", async () => {
      const embed = await createEmbed(api, owner.token, { problems: [SLUG], runsPerHour: 3 });
      const other = await createEmbed(api, owner.token, { problems: [SLUG] });
      const run = (token: string) =>
        api.call("POST", `/api/v1/problems/${SLUG}/run`, { ...asLearner(token), body: code });
      const execute = (token: string) =>
        api.call("POST", "/api/v1/executions", { ...asLearner(token), body: { ...code, stdin: "1 2\n" } });

      expect((await run(await freshLearner(api, embed.publishableKey))).status).toBe(200);
      expect((await run(await freshLearner(api, embed.publishableKey))).status).toBe(200);
      expect((await execute(await freshLearner(api, embed.publishableKey))).status).toBe(200);

      const before = sandbox.runs();
      for (const attempt of [run, execute, run]) {
        const refused = await attempt(await freshLearner(api, embed.publishableKey));
        const error = expectError(refused, 429, "embed_run_limit");
        expect(error.type).toBe("rate_limit");
        expect(error.message).toMatch(/all 3 code runs/);
        expect(error.message).toMatch(/owner can raise/);
        const retryAfter = Number(refused.headers.get("Retry-After"));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(3600);
      }
      expect(sandbox.runs()).toBe(before);
      // Another embed's learners, and signed-in users, are not affected.
      expect((await run(await freshLearner(api, other.publishableKey))).status).toBe(200);
      const mine = await api.call("POST", `/api/v1/problems/${SLUG}/run`, { token: owner.token, body: code });
      expect(mine.status).toBe(200);

      const audited = await auditOf("embed.limit_reached", embed.id);
      expect(audited.map((r) => JSON.parse(r.details))).toEqual([{ limit: "runs", perHour: 3 }]);

      // The owner raises the ceiling: it applies at once, to what was counted so far.
      const patched = await api.call("PATCH", `/api/v1/embeds/${embed.id}`, {
        token: owner.token,
        body: { runsPerHour: 4 },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect((await run(await freshLearner(api, embed.publishableKey))).status).toBe(200);
      expectError(await run(await freshLearner(api, embed.publishableKey)), 429, "embed_run_limit");
    });

    it("refuses the embed's submissions past submissionsPerHour, whichever learner session asks", async () => {
      const embed = await createEmbed(api, owner.token, { problems: [SLUG], submissionsPerHour: 2 });
      const submit = (token: string) =>
        api.call("POST", `/api/v1/problems/${SLUG}/submissions`, { ...asLearner(token), body: code });
      expect((await submit(await freshLearner(api, embed.publishableKey))).status).toBe(202);
      expect((await submit(await freshLearner(api, embed.publishableKey))).status).toBe(202);
      const error = expectError(
        await submit(await freshLearner(api, embed.publishableKey)),
        429,
        "embed_submission_limit",
      );
      expect(error.message).toMatch(/all 2 submissions/);
      const queued = await api.db("submissions").where({ embed_id: embed.id }).count({ n: "*" }).first();
      expect(Number(queued?.n)).toBe(2);
    });

    it("refuses the embed's tutor messages past tutorMessagesPerHour, before the owner's key is used", async () => {
      const embed = await createEmbed(api, owner.token, { problems: [SLUG], tutorMessagesPerHour: 2 });
      await api.db("embeds").where({ id: embed.id }).update({ chat_sponsored: true });
      const ask = async (token: string) => {
        const conversation = await api.call("POST", "/api/v1/chat/conversations", {
          ...asLearner(token),
          body: { problemSlug: SLUG },
        });
        expect(conversation.status, JSON.stringify(conversation.body)).toBe(201);
        return api.call("POST", `/api/v1/chat/conversations/${conversation.body.id}/messages`, {
          ...asLearner(token),
          body: { content: "hint?" },
        });
      };
      for (let i = 0; i < 2; i++) {
        const reply = await ask(await freshLearner(api, embed.publishableKey));
        expect(reply.status).toBe(200);
        expect(String(reply.body)).toContain("event: done");
      }
      const before = tutor.requests.length;
      const error = expectError(
        await ask(await freshLearner(api, embed.publishableKey)),
        429,
        "embed_tutor_limit",
      );
      expect(error.message).toMatch(/all 2 tutor messages/);
      expect(tutor.requests.length).toBe(before);
    });

    it("lets the owner set, read back, bound and reset each ceiling; the defaults stand for null", async () => {
      const embed = await createEmbed(api, owner.token, { runsPerHour: 50 });
      expect(embed).toMatchObject({ runsPerHour: 50, submissionsPerHour: null, tutorMessagesPerHour: null });
      const patch = (body: unknown, token = owner.token) =>
        api.call("PATCH", `/api/v1/embeds/${embed.id}`, { token, body });

      const changed = await patch({ submissionsPerHour: 7, tutorMessagesPerHour: 100_000 });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(Embed.parse(changed.body)).toMatchObject({
        runsPerHour: 50,
        submissionsPerHour: 7,
        tutorMessagesPerHour: 100_000,
      });
      for (const [field, value] of [
        ["runsPerHour", 0],
        ["submissionsPerHour", 100_001],
        ["tutorMessagesPerHour", 2.5],
        ["runsPerHour", "600"],
        ["submissionsPerHour", -1],
      ] as const) {
        const error = expectError(await patch({ [field]: value }), 400);
        expect(JSON.stringify(error.details)).toContain(field);
      }
      const stranger = await signup(api);
      expectError(await patch({ runsPerHour: 100_000 }, stranger.token), 404);

      const reset = await patch({ runsPerHour: null, submissionsPerHour: null });
      expect(reset.body).toMatchObject({
        runsPerHour: null,
        submissionsPerHour: null,
        tutorMessagesPerHour: 100_000,
      });
      const read = await api.call("GET", `/api/v1/embeds/${embed.id}`, { token: owner.token });
      expect(read.body).toMatchObject({
        runsPerHour: null,
        submissionsPerHour: null,
        tutorMessagesPerHour: 100_000,
      });
      const updates = await auditOf("embed.updated", embed.id);
      expect(updates.map((r) => JSON.parse(r.details).fields)).toContainEqual([
        "submissionsPerHour",
        "tutorMessagesPerHour",
      ]);
    });
  });

  it("runs no code for learners of an embed that does not offer problems", async () => {
    const chatOnly = await createEmbed(api, owner.token, { features: ["chat"], problems: [SLUG] });
    const token = await freshLearner(api, chatOnly.publishableKey);
    const before = sandbox.runs();
    for (const [path, body] of [
      ["/api/v1/executions", { ...code, stdin: "1 2\n" }],
      [`/api/v1/problems/${SLUG}/run`, code],
      [`/api/v1/problems/${SLUG}/submissions`, code],
    ] as const) {
      const error = expectError(
        await api.call("POST", path, { ...asLearner(token), body }),
        403,
        "problem_not_enabled",
      );
      expect(error.message).toMatch(/problem feature/);
    }
    expect(sandbox.runs()).toBe(before);
    const queued = await api.db("submissions").where({ embed_id: chatOnly.id }).count({ n: "*" }).first();
    expect(Number(queued?.n)).toBe(0);

    const withProblems = await createEmbed(api, owner.token, { features: ["problem"] });
    const learner = await freshLearner(api, withProblems.publishableKey);
    const ran = await api.call("POST", "/api/v1/executions", {
      ...asLearner(learner),
      body: { ...code, stdin: "1 2\n" },
    });
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
  });

  it("caps the event streams one actor holds open, and frees a place when one closes", async () => {
    const streamer = await signup(api);
    const bystander = await signup(api);
    const conversationOf = async (token: string) => {
      const res = await api.call("POST", "/api/v1/chat/conversations", { token, body: {} });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const open = async (token: string) => {
      const controller = new AbortController();
      const response = await fetch(
        `${api.url}/api/v1/chat/conversations/${await conversationOf(token)}/messages`,
        {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ content: "hint?" }),
          signal: controller.signal,
        },
      );
      return { response, close: () => controller.abort() };
    };
    tutor.hold(true);
    const streams: Awaited<ReturnType<typeof open>>[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const stream = await open(streamer.token);
        expect(stream.response.status).toBe(200);
        expect(stream.response.headers.get("content-type")).toMatch(/text\/event-stream/);
        streams.push(stream);
      }
      const before = tutor.requests.length;
      const sixth = await open(streamer.token);
      if (sixth.response.status === 200) streams.push(sixth);
      expect(sixth.response.status).toBe(429);
      const body = await sixth.response.json();
      expectError(
        { status: sixth.response.status, body, headers: sixth.response.headers },
        429,
        "too_many_streams",
      );
      expect(sixth.response.headers.get("Retry-After")).toBeTruthy();
      expect(tutor.requests.length).toBe(before);

      // Someone else's streams are counted apart.
      const theirs = await open(bystander.token);
      expect(theirs.response.status).toBe(200);
      streams.push(theirs);

      // The client leaving one stream frees its place.
      streams.shift()?.close();
      await expect
        .poll(
          async () => {
            const next = await open(streamer.token);
            if (next.response.status === 200) streams.push(next);
            else await next.response.body?.cancel();
            return next.response.status;
          },
          { timeout: 5000, interval: 100 },
        )
        .toBe(200);
    } finally {
      tutor.hold(false);
      tutor.releaseAll();
      for (const stream of streams) await stream.response.text().catch(() => undefined);
    }
  });
});
