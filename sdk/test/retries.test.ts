import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  Codeground,
  ConflictError,
  ConnectionError,
  ExternalServiceError,
  InternalServerError,
  isRepeatable,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  ValidationError,
} from "../src/index.js";
import { apiError, drop, hang, json, startLoopback } from "./support/loopback.js";

const USER = {
  id: "u1",
  email: "a@example.com",
  displayName: null,
  role: "learner",
  mfaEnabled: false,
  emailVerified: true,
  locale: null,
  createdAt: "2026-11-24T00:00:00.000Z",
};

const SUBMISSION = {
  id: "s1",
  problem: "sum-two",
  language: "python",
  state: "queued",
  verdict: null,
  message: null,
  passed: 0,
  total: 2,
  timeMs: null,
  memoryKb: null,
  createdAt: "2026-11-24T00:00:00.000Z",
  finishedAt: null,
  tests: [],
};

describe("retries, timeouts and abort against a scripted server", () => {
  let server: Awaited<ReturnType<typeof startLoopback>>;
  let cg: Codeground;

  beforeAll(async () => {
    server = await startLoopback();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.script.length = 0;
    cg = new Codeground({
      baseUrl: server.url,
      token: "cgp_test_token",
      backoff: { initialDelayMs: 20, maxDelayMs: 50 },
    });
  });

  it("sends the bearer token to /api/v1 and validates the answer", async () => {
    server.script.push(json(200, USER));
    const me = await cg.me.get();
    expect(me).toEqual(USER);
    expect(server.requests[0]).toMatchObject({ method: "GET", url: "/api/v1/me" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer cgp_test_token");
  });

  it("accepts a base URL that already ends in /api/v1", async () => {
    server.script.push(json(200, USER));
    await new Codeground({ baseUrl: `${server.url}/api/v1/`, token: "t" }).me.get();
    expect(server.requests[0]?.url).toBe("/api/v1/me");
  });

  it("retries a GET after 503 and succeeds", async () => {
    server.script.push(
      apiError(503, "external_service", "sandbox_unavailable", "req-503-1"),
      json(200, USER),
    );
    expect(await cg.me.get()).toEqual(USER);
    expect(server.requests).toHaveLength(2);
  });

  it("retries 502 and 504 too, then gives up after maxRetries with the last typed error", async () => {
    server.script.push(
      apiError(502, "external_service", "bad_gateway", "req-a"),
      apiError(504, "external_service", "gateway_timeout", "req-b"),
      apiError(503, "external_service", "still_down", "req-c"),
    );
    const err = await cg.me.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toMatchObject({ status: 503, code: "still_down", requestId: "req-c" });
    expect(server.requests).toHaveLength(3);
  });

  it("honours Retry-After on 429 before retrying", async () => {
    server.script.push(
      apiError(429, "rate_limit", "too_many_attempts", "req-429", { "Retry-After": "1" }, { retryAfter: 1 }),
      json(200, USER),
    );
    const started = Date.now();
    expect(await cg.me.get()).toEqual(USER);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it("throws RateLimitError with retryAfter when the wait is longer than it will sit out", async () => {
    server.script.push(
      apiError(
        429,
        "rate_limit",
        "too_many_attempts",
        "req-long",
        { "Retry-After": "3600" },
        { retryAfter: 3600 },
      ),
    );
    const err = await cg.me.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 429, retryAfter: 3600, requestId: "req-long" });
    expect(server.requests).toHaveLength(1);
  });

  it("never retries a POST without an idempotency key", async () => {
    server.script.push(apiError(503, "external_service", "sandbox_unavailable", "req-post"), json(200, {}));
    const err = await cg.executions.create({ language: "python", code: "print(1)" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(server.requests).toHaveLength(1);

    server.script.length = 0;
    server.requests.length = 0;
    server.script.push(apiError(429, "rate_limit", "too_many_attempts", "req-429p", { "Retry-After": "0" }));
    await expect(cg.chat.conversations.create({})).rejects.toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);

    server.script.length = 0;
    server.requests.length = 0;
    server.script.push(drop);
    await expect(cg.auth.login({ email: "a@example.com", password: "x" })).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("never retries a PATCH", async () => {
    server.script.push(apiError(503, "external_service", "down", "req-patch"));
    await expect(cg.keys.update("k1", { name: "renamed" })).rejects.toBeInstanceOf(ExternalServiceError);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a submission with the same generated idempotency key", async () => {
    server.script.push(drop, apiError(503, "external_service", "busy", "req-s"), json(202, SUBMISSION));
    const submission = await cg.submissions.create("sum-two", { language: "python", code: "print(3)" });
    expect(submission.id).toBe("s1");
    expect(server.requests).toHaveLength(3);
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{1,100}$/);
    expect(new Set(keys).size).toBe(1);
    expect(JSON.parse(server.requests[2]?.body ?? "")).toEqual({ language: "python", code: "print(3)" });
  });

  it("sends a caller's idempotency key, and a different generated one per submission", async () => {
    server.script.push(json(202, SUBMISSION), json(202, SUBMISSION), json(202, SUBMISSION));
    await cg.submissions.create("sum-two", { language: "python", code: "1" }, { idempotencyKey: "mine-123" });
    await cg.submissions.create("sum-two", { language: "python", code: "1" });
    await cg.submissions.create("sum-two", { language: "python", code: "1" });
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys[0]).toBe("mine-123");
    expect(keys[1]).not.toBe(keys[2]);
  });

  it("retries a GET whose connection dropped, and DELETE and PUT after 503", async () => {
    server.script.push(drop, json(200, USER));
    expect(await cg.me.get()).toEqual(USER);
    server.script.push(apiError(503, "external_service", "x", "r1"), (_req, res) => {
      res.writeHead(204, { "X-Request-Id": "r2" });
      res.end();
    });
    expect(await cg.keys.delete("k1")).toBeUndefined();
    server.script.push(
      apiError(503, "external_service", "x", "r3"),
      json(200, { keys: { chat: "k1", feedback: null } }),
    );
    expect(await cg.me.preferences.update({ keys: { chat: "k1" } })).toEqual({
      keys: { chat: "k1", feedback: null },
    });
    expect(server.requests.map((r) => r.method)).toEqual(["GET", "GET", "DELETE", "DELETE", "PUT", "PUT"]);
  });

  it("does not retry 4xx answers", async () => {
    server.script.push(apiError(404, "not_found", "problem_not_found", "req-404"));
    await expect(cg.problems.get("nope")).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(1);
  });

  it("maps each error type to its class, with status, code, details and request id", async () => {
    const cases = [
      [400, "validation", ValidationError],
      [401, "authentication", AuthenticationError],
      [403, "authorization", PermissionError],
      [404, "not_found", NotFoundError],
      [409, "conflict", ConflictError],
      [500, "internal", InternalServerError],
    ] as const;
    for (const [status, type, Class] of cases) {
      server.script.push(apiError(status, type, `code_${status}`, `req-${status}`, {}, { field: "x" }));
      const err = await cg.me.get({ maxRetries: 0 }).catch((e: unknown) => e);
      expect(err, type).toBeInstanceOf(Class);
      expect(err, type).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({
        status,
        type,
        code: `code_${status}`,
        message: `code_${status} happened`,
        details: { field: "x" },
        requestId: `req-${status}`,
      });
    }
  });

  it("maps an error without the API's body (a proxy's page) by its status", async () => {
    server.script.push((_req, res) => {
      res.writeHead(502, { "Content-Type": "text/html", "X-Request-Id": "proxy-1" });
      res.end("<html>Bad gateway</html>");
    });
    const err = await cg.me.get({ maxRetries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toMatchObject({ status: 502, code: "http_502", requestId: "proxy-1" });
    expect((err as Error).message).toContain("Bad gateway");
  });

  it("rejects an answer that does not match the schema, naming the field and the request id", async () => {
    server.script.push(json(200, { ...USER, role: "emperor" }, { "X-Request-Id": "req-bad-shape" }));
    const err = await cg.me.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err).toMatchObject({ requestId: "req-bad-shape", status: 200 });
    expect((err as Error).message).toContain("role");
    expect((err as Error).message).toContain("req-bad-shape");

    server.script.push((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain", "X-Request-Id": "req-not-json" });
      res.end("hello");
    });
    await expect(cg.me.get()).rejects.toMatchObject({
      name: "ResponseValidationError",
      requestId: "req-not-json",
    });
  });

  it("times out an attempt with TimeoutError, retrying a safe call first", async () => {
    server.script.push(hang, hang);
    const err = await cg.me.get({ timeoutMs: 150, maxRetries: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(2);
  });

  it("times out a POST once, without retrying", async () => {
    server.script.push(hang);
    const client = new Codeground({ baseUrl: server.url, token: "t", timeoutMs: 150 });
    await expect(client.executions.create({ language: "python", code: "1" })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("aborts a call in flight with the signal's reason", async () => {
    server.script.push(hang);
    const controller = new AbortController();
    const pending = cg.me.get({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AbortError" });
    expect(err).not.toBeInstanceOf(ConnectionError);
  });

  it("aborts during the wait between retries, and refuses to start with an aborted signal", async () => {
    server.script.push(apiError(429, "rate_limit", "too_many_attempts", "r", { "Retry-After": "30" }));
    const controller = new AbortController();
    const started = Date.now();
    const pending = cg.me.get({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user gave up")), 100);
    await expect(pending).rejects.toThrow("user gave up");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);

    await expect(cg.me.get({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(1);
  });

  it("knows which requests are safe to repeat", () => {
    expect(isRepeatable("GET", {})).toBe(true);
    expect(isRepeatable("PUT", {})).toBe(true);
    expect(isRepeatable("DELETE", {})).toBe(true);
    expect(isRepeatable("HEAD", {})).toBe(true);
    expect(isRepeatable("PATCH", {})).toBe(false);
    expect(isRepeatable("POST", {})).toBe(false);
    expect(isRepeatable("POST", { "Idempotency-Key": "k" })).toBe(true);
  });

  it("stops a chat reply stream when the loop breaks, closing the connection", async () => {
    let closed: () => void = () => undefined;
    const closedEarly = new Promise<void>((resolve) => {
      closed = resolve;
    });
    server.script.push((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/event-stream", "X-Request-Id": "req-sse" });
      res.write('event: token\ndata: {"text":"one "}\n\n');
      res.write('event: token\ndata: {"text":"two "}\n\n');
      res.on("close", () => {
        if (!res.writableFinished) closed();
      });
    });
    const reply = cg.chat.send("c1", { content: "hint?" });
    const chunks: string[] = [];
    for await (const chunk of reply) {
      chunks.push(chunk);
      if (chunks.length === 2) break;
    }
    expect(chunks).toEqual(["one ", "two "]);
    await closedEarly;
    await expect(reply.result).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reopens a submission's event stream cut before done, without repeating events", async () => {
    const sse = (...events: [string, unknown][]) =>
      events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join("");
    const test = (index: number) => ({
      index,
      sample: index === 0,
      verdict: "accepted",
      timeMs: 5,
      memoryKb: 900,
    });
    const done = {
      ...SUBMISSION,
      state: "done",
      verdict: "accepted",
      passed: 2,
      finishedAt: SUBMISSION.createdAt,
      tests: [test(0), test(1)],
    };
    server.script.push(
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "text/event-stream" });
        // A proxy cuts the stream after the first test.
        res.end(sse(["state", { id: "s1", state: "running" }], ["test", test(0)]));
      },
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "text/event-stream" });
        res.end(
          sse(
            ["state", { id: "s1", state: "running" }],
            ["test", test(0)],
            ["test", test(1)],
            ["done", done],
          ),
        );
      },
    );
    const seen: string[] = [];
    for await (const event of cg.submissions.events("s1")) {
      seen.push(
        event.type === "test"
          ? `test ${event.data.index}`
          : event.type === "state"
            ? event.data.state
            : event.type,
      );
    }
    expect(seen).toEqual(["running", "test 0", "test 1", "done"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/api/v1/submissions/s1/events",
      "/api/v1/submissions/s1/events",
    ]);
    expect(server.requests[0]?.headers.accept).toBe("text/event-stream");
  });

  it("rejects a malformed event with ResponseValidationError carrying the request id", async () => {
    server.script.push((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/event-stream", "X-Request-Id": "req-bad-event" });
      res.end('event: test\ndata: {"index": "first"}\n\n');
    });
    const err = await (async () => {
      for await (const _ of cg.submissions.events("s1")) {
        // the first event is malformed
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err).toMatchObject({ requestId: "req-bad-event" });
    expect((err as Error).message).toContain("index");
  });

  it("throws an event: error from the reply loop as a typed error", async () => {
    server.script.push((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/event-stream", "X-Request-Id": "req-sse-err" });
      res.write('event: token\ndata: {"text":"partial"}\n\n');
      res.end(
        `event: error\ndata: ${JSON.stringify({
          error: {
            type: "external_service",
            code: "provider_failed",
            message: "The provider failed.",
            requestId: "req-sse-err",
          },
        })}\n\n`,
      );
    });
    const reply = cg.chat.send("c1", { content: "hint?" });
    const chunks: string[] = [];
    const err = await (async () => {
      for await (const chunk of reply) chunks.push(chunk);
    })().catch((e: unknown) => e);
    expect(chunks).toEqual(["partial"]);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toMatchObject({ code: "provider_failed", requestId: "req-sse-err", status: 502 });
    expect(reply.text).toBe("partial");
  });
});
