import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { LookupAddress } from "node:dns";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import net, { type AddressInfo, type LookupFunction } from "node:net";
import type { RunResponse, SandboxRunner } from "@codeground/sandbox";
import { SubmissionAcceptedEvent, WebhookDeliveryList } from "@codeground/sdk";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backoffMs, createWebhooks, WEBHOOK_MAX_ATTEMPTS } from "../src/services/embeds/webhooks.js";
import type { LookupAll } from "../src/services/vault/provider-url.js";
import { startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import {
  createEmbed,
  ORIGIN,
  learnerToken as signLearnerToken,
  signup,
  startSession,
} from "./support/embeds.js";

/** What a course site does with a webhook: the README's verification, word for word. */
function verifySignature(secretKey: string, header: string, body: string, nowS: number, toleranceS = 300) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS || !parts.v1) return false;
  const expected = createHmac("sha256", secretKey).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A course site's webhook endpoint on loopback, answering with the statuses queued, or as
 * `answer` says.
 */
async function startReceiver(answer?: (res: ServerResponse) => void) {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      if (answer) return answer(res);
      res.statusCode = statuses.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/codeground`;
  return {
    url,
    received,
    statuses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What `ALLOW_PRIVATE_PROVIDER_URLS` lists to let deliveries reach a loopback receiver. */
const originOf = (url: string) => new URL(url).origin;

/** An endpoint that answers 200 and then sends a body without end, counting what it wrote. */
async function startFlood() {
  let written = 0;
  let hungUp: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    hungUp = resolve;
  });
  const chunk = Buffer.alloc(64 * 1024, "x");
  const receiver = await startReceiver((res) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) written += chunk.length;
    };
    res.on("drain", pump);
    res.on("close", hungUp);
    pump();
  });
  return { ...receiver, closed, written: () => written };
}

/**
 * The network as a test plays it, until `restore()`: the machine's resolver is `nameServer` (for
 * any connection made without a lookup of its own), only loopback addresses can be connected to,
 * and every address a connection was about to reach is recorded in `dialled`.
 */
function playNetwork(nameServer: LookupAll) {
  const dialled: string[] = [];
  const machineResolver: LookupFunction = (host, options, callback) => {
    const answer = (callback as (err: Error | null, a: LookupAddress[] | string, f?: number) => void).bind(
      null,
    );
    nameServer(host).then(
      (list) => {
        const first = list[0];
        if (!first) return answer(Object.assign(new Error(`${host} not found`), { code: "ENOTFOUND" }), "");
        return (options as { all?: boolean }).all
          ? answer(null, list)
          : answer(null, first.address, first.family);
      },
      (err: Error) => answer(err, ""),
    );
  };
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const options = (Array.isArray(args[0]) ? args[0][0] : args[0]) as net.TcpNetConnectOpts | undefined;
    if (options && typeof options === "object" && typeof options.host === "string") {
      const resolve = options.lookup ?? machineResolver;
      options.lookup = (host, lookupOptions, callback) =>
        resolve(
          host,
          lookupOptions,
          (err: Error | null, address: string | LookupAddress[], family?: number) => {
            const addresses = typeof address === "string" ? [address] : address.map((a) => a.address);
            dialled.push(...addresses.filter(Boolean));
            if (!err && addresses.some((a) => !/^127\./.test(a))) {
              const refused = Object.assign(new Error("the test network reaches loopback only"), {
                code: "ECONNREFUSED",
              });
              return (callback as (e: Error, a: string) => void)(refused, "");
            }
            return (callback as (e: Error | null, a: string | LookupAddress[], f?: number) => void)(
              err,
              address,
              family,
            );
          },
        );
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return {
    dialled,
    restore() {
      net.Socket.prototype.connect = original;
    },
  };
}

describe("webhook backoff", () => {
  it("grows exponentially with jitter around each step", () => {
    expect(backoffMs(1, () => 0.5)).toBe(30_000);
    expect(backoffMs(2, () => 0.5)).toBe(60_000);
    expect(backoffMs(4, () => 0.5)).toBe(240_000);
    expect(backoffMs(1, () => 0)).toBe(15_000);
    expect(backoffMs(1, () => 0.999)).toBeLessThan(45_000);
  });
});

describe.each(databases)("completion webhooks on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** Where nothing listens any more. */
  let unreachable: Awaited<ReturnType<typeof startReceiver>>;
  /** Answers 302 to `redirectTarget`. */
  let redirecting: Awaited<ReturnType<typeof startReceiver>>;
  let redirectTarget: Awaited<ReturnType<typeof startReceiver>>;
  let flood: Awaited<ReturnType<typeof startFlood>>;
  /** The operator's allowance: each loopback receiver's origin, and no other port. */
  let allowPrivateProviderUrls: string[];
  let owner: { token: string; userId: string };
  let problemId: string;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    receiver = await startReceiver();
    unreachable = await startReceiver();
    await unreachable.close();
    redirectTarget = await startReceiver();
    redirecting = await startReceiver((res) => {
      res.writeHead(302, { Location: redirectTarget.url });
      res.end();
    });
    flood = await startFlood();
    allowPrivateProviderUrls = [receiver, unreachable, redirecting, redirectTarget, flood].map((r) =>
      originOf(r.url),
    );
    api = await startApi(database.knex, { allowPrivateProviderUrls });
    owner = await signup(api);
    problemId = randomUUID();
    const at = new Date(api.clock.now()).toISOString();
    await api.db("problems").insert({
      id: problemId,
      slug: "two-sum",
      title: "Two sum",
      statement: "Add them.",
      difficulty: "easy",
      languages: JSON.stringify(["python"]),
      limits: JSON.stringify({ timeMs: 2000, memoryMb: 256 }),
      judge: JSON.stringify({ mode: "stdio", compare: "tokens" }),
      starter: JSON.stringify({}),
      created_at: at,
      updated_at: at,
    });
  });

  afterAll(async () => {
    await api?.app.webhooks.stop();
    await api?.close();
    await Promise.all([receiver, redirecting, redirectTarget, flood].map((r) => r?.close()));
    await destroy?.();
  });

  /** A judged submission made through the embed, as the submissions side leaves it. */
  async function submission(embedId: string, verdict = "accepted", state = "done") {
    const id = randomUUID();
    const at = new Date(api.clock.now()).toISOString();
    await api.db("submissions").insert({
      id,
      problem_id: problemId,
      embed_id: embedId,
      learner_ref: "sub:student-7",
      language: "python",
      code: "print(3)",
      state,
      verdict: state === "done" ? verdict : null,
      passed: 3,
      total: 3,
      created_at: at,
      finished_at: at,
    });
    return id;
  }

  const deliveriesOf = async (embedId: string) => {
    const res = await api.call("GET", `/api/v1/embeds/${embedId}/deliveries`, { token: owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return WebhookDeliveryList.parse(res.body);
  };

  it("delivers submission.accepted with a signature the site can verify", async () => {
    const embed = await createEmbed(api, owner.token, { webhookUrl: receiver.url });
    const submissionId = await submission(embed.id);
    receiver.received.length = 0;
    await api.app.webhooks.onSubmissionFinished({ id: submissionId });
    await api.app.webhooks.drain();

    expect(receiver.received).toHaveLength(1);
    const [hit] = receiver.received as [Received];
    const signature = String(hit.headers["codeground-signature"]);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(embed.secretKey, signature, hit.body, Math.floor(api.clock.now() / 1000))).toBe(
      true,
    );
    expect(
      verifySignature(`${embed.secretKey}x`, signature, hit.body, Math.floor(api.clock.now() / 1000)),
    ).toBe(false);
    expect(
      verifySignature(embed.secretKey, signature, `${hit.body} `, Math.floor(api.clock.now() / 1000)),
    ).toBe(false);
    expect(hit.headers["content-type"]).toBe("application/json");
    expect(hit.headers["codeground-event"]).toBe("submission.accepted");
    const event = SubmissionAcceptedEvent.parse(JSON.parse(hit.body));
    expect(hit.headers["codeground-delivery"]).toBe(event.id);
    expect(event.data).toEqual({
      embedId: embed.id,
      learnerRef: "sub:student-7",
      problemSlug: "two-sum",
      submissionId,
      verdict: "accepted",
      passed: 3,
      total: 3,
      finishedAt: expect.any(String),
    });
    expect(hit.body).not.toContain(embed.secretKey);

    const [delivery] = await deliveriesOf(embed.id);
    expect(delivery).toMatchObject({
      id: event.id,
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      submissionId,
    });
    expect(delivery?.deliveredAt).toBeTruthy();

    // The same submission finishing twice is one event.
    await api.app.webhooks.onSubmissionFinished({ id: submissionId });
    await api.app.webhooks.drain();
    expect(receiver.received).toHaveLength(1);
  });

  it("retries after a 500 with backoff, then delivers, recording each attempt", async () => {
    const embed = await createEmbed(api, owner.token, { webhookUrl: receiver.url });
    receiver.received.length = 0;
    receiver.statuses.push(500);
    await api.app.webhooks.onSubmissionFinished({ id: await submission(embed.id) });
    await api.app.webhooks.drain();

    let [delivery] = await deliveriesOf(embed.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
    expect(delivery?.lastError).toMatch(/500/);
    const wait = Date.parse(delivery?.nextAttemptAt ?? "") - api.clock.now();
    expect(wait).toBeGreaterThanOrEqual(15_000);
    expect(wait).toBeLessThanOrEqual(45_000);

    // Not due yet: nothing is sent.
    await api.app.webhooks.drain();
    expect(receiver.received).toHaveLength(1);

    api.clock.advance(wait);
    await api.app.webhooks.drain();
    expect(receiver.received).toHaveLength(2);
    [delivery] = await deliveriesOf(embed.id);
    expect(delivery).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
    });
    const [first, second] = receiver.received as [Received, Received];
    expect(second.headers["codeground-delivery"]).toBe(first.headers["codeground-delivery"]);
    expect(second.body).toBe(first.body);
  });

  it(`gives up after ${WEBHOOK_MAX_ATTEMPTS} attempts when the site cannot be reached`, async () => {
    const embed = await createEmbed(api, owner.token, { webhookUrl: unreachable.url });
    await api.app.webhooks.onSubmissionFinished({ id: await submission(embed.id) });
    await api.app.webhooks.drain();
    for (let i = 1; i < WEBHOOK_MAX_ATTEMPTS; i++) {
      const [delivery] = await deliveriesOf(embed.id);
      expect(delivery).toMatchObject({ status: "pending", attempts: i, lastStatusCode: null });
      expect(delivery?.lastError).toMatch(/could not connect/);
      api.clock.advance(Date.parse(delivery?.nextAttemptAt ?? "") - api.clock.now());
      await api.app.webhooks.drain();
    }
    const [delivery] = await deliveriesOf(embed.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: WEBHOOK_MAX_ATTEMPTS, nextAttemptAt: null });
  });

  it("sends nothing for submissions that were not accepted, not through an embed, or without a webhook URL", async () => {
    const withHook = await createEmbed(api, owner.token, { webhookUrl: receiver.url });
    const withoutHook = await createEmbed(api, owner.token);
    receiver.received.length = 0;
    for (const id of [
      await submission(withHook.id, "wrong_answer"),
      await submission(withHook.id, "accepted", "running"),
      await submission(withoutHook.id),
      randomUUID(),
    ]) {
      await api.app.webhooks.onSubmissionFinished({ id });
    }
    await api.app.webhooks.drain();
    expect(receiver.received).toHaveLength(0);
    expect(await deliveriesOf(withoutHook.id)).toEqual([]);
  });

  it("keeps pending deliveries across a restart: a new instance's worker sends them", async () => {
    const embed = await createEmbed(api, owner.token, { webhookUrl: receiver.url });
    receiver.received.length = 0;
    receiver.statuses.push(503);
    await api.app.webhooks.onSubmissionFinished({ id: await submission(embed.id) });
    await api.app.webhooks.drain();
    expect((await deliveriesOf(embed.id))[0]).toMatchObject({ status: "pending", attempts: 1 });

    const restarted = await startApi(api.db, { allowPrivateProviderUrls });
    try {
      restarted.clock.t = api.clock.now() + 10 * 60_000;
      restarted.app.webhooks.start();
      await expect
        .poll(async () => (await deliveriesOf(embed.id))[0]?.status, { timeout: 10_000 })
        .toBe("delivered");
      expect(receiver.received).toHaveLength(2);
    } finally {
      await restarted.app.webhooks.stop();
      await restarted.close();
    }
  });
  it("does not follow a redirect: the attempt fails with a clear error and the other address gets nothing", async () => {
    const embed = await createEmbed(api, owner.token, { webhookUrl: redirecting.url });
    await api.app.webhooks.onSubmissionFinished({ id: await submission(embed.id) });
    await api.app.webhooks.drain();

    expect(redirecting.received).toHaveLength(1);
    expect(redirectTarget.received).toHaveLength(0);
    const [delivery] = await deliveriesOf(embed.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 302 });
    expect(delivery?.lastError).toMatch(/302, a redirect, which is not followed/);
  });

  it("records the status of an answer with an endless body, reading no more than the first few KB", async () => {
    const embed = await createEmbed(api, owner.token, { webhookUrl: flood.url });
    await api.app.webhooks.onSubmissionFinished({ id: await submission(embed.id) });
    await api.app.webhooks.drain();

    expect((await deliveriesOf(embed.id))[0]).toMatchObject({
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
    });
    // The delivery hung up instead of reading on; what was written before that sat in socket buffers.
    await flood.closed;
    expect(flood.written()).toBeLessThan(16 * 1024 * 1024);
  });

  it("connects only to the address its check accepted when the name answers differently afterwards", async () => {
    // The site's name answers a public address to the check, and this machine's loopback after.
    let queries = 0;
    const nameServer: LookupAll = async () => {
      queries += 1;
      return [{ address: queries === 1 ? "93.184.216.34" : "127.0.0.1", family: 4 }];
    };
    let connections = 0;
    const loopback = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => loopback.listen(0, "127.0.0.1", resolve));
    const url = `https://hooks.rebind.test:${(loopback.address() as AddressInfo).port}/hooks`;
    // Saved while the name answered publicly (the API's own check resolves names for real).
    const embed = await createEmbed(api, owner.token);
    await api.db("embeds").where({ id: embed.id }).update({ webhook_url: url });
    const webhooks = createWebhooks({
      db: api.db,
      embeds: api.app.embeds,
      clock: api.clock,
      logger: pino({ level: "silent" }),
      lookup: nameServer,
    });
    // This machine resolves names with the same name server: a connection that looked the name up
    // again would be given 127.0.0.1, and only loopback can be reached.
    const network = playNetwork(nameServer);
    try {
      await webhooks.onSubmissionFinished({ id: await submission(embed.id) });
      await webhooks.drain();
    } finally {
      network.restore();
      await new Promise((resolve) => loopback.close(resolve));
    }

    expect(connections).toBe(0);
    expect(network.dialled).toEqual(["93.184.216.34"]);
    expect(queries).toBe(1);
    const [delivery] = await deliveriesOf(embed.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(delivery?.lastError).toMatch(/could not connect/);
  });
});

/** A sandbox that passes every test: the judging itself is the submissions suite's business. */
const passingSandbox: SandboxRunner = {
  async run(request) {
    const tests = (request.tests ?? []).map((t) => ({
      id: t.id,
      verdict: "accepted" as const,
      timeMs: 1,
      memoryKb: 1,
      stdout: typeof t.expected === "string" ? t.expected : "",
      stderr: "",
      exitCode: 0,
    }));
    return { status: "accepted", tests } as RunResponse;
  },
  async languages() {
    return [];
  },
};

describe.each(databases)("an embed learner's accepted submission on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    receiver = await startReceiver();
    api = await startApi(database.knex, {
      allowPrivateProviderUrls: [originOf(receiver.url)],
      sandbox: passingSandbox,
    });
    api.app.submissions.start();
  });

  afterAll(async () => {
    await api?.app.webhooks.stop();
    await api?.close();
    await receiver?.close();
    await destroy?.();
  });

  it("reaches the course site as a signed submission.accepted webhook", async () => {
    const owner = await signup(api);
    const slug = "sum-two-embedded";
    const created = await api.call("POST", "/api/v1/problems", {
      token: owner.token,
      body: {
        slug,
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
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const embed = await createEmbed(api, owner.token, { webhookUrl: receiver.url, problems: [slug] });
    const learnerToken = await signLearnerToken(
      embed.secretKey,
      { sub: "student-9" },
      {
        nowS: Math.floor(api.clock.now() / 1000),
      },
    );
    const session = await startSession(api, embed.publishableKey, { learnerToken });
    expect(session.status, JSON.stringify(session.body)).toBe(201);

    const submitted = await api.call("POST", `/api/v1/problems/${slug}/submissions`, {
      token: session.body.token,
      headers: { Origin: ORIGIN },
      body: { language: "python", code: "print(sum(map(int, input().split())))" },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);

    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    const [hit] = receiver.received as [Received];
    const nowS = Math.floor(api.clock.now() / 1000);
    expect(
      verifySignature(embed.secretKey, String(hit.headers["codeground-signature"]), hit.body, nowS),
    ).toBe(true);
    const event = SubmissionAcceptedEvent.parse(JSON.parse(hit.body));
    expect(event.data).toMatchObject({
      embedId: embed.id,
      learnerRef: "sub:student-9",
      problemSlug: slug,
      submissionId: submitted.body.id,
      verdict: "accepted",
      passed: 2,
      total: 2,
    });
  });
});
