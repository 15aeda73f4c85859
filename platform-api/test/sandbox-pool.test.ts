import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EngineUnavailableError, type RunRequest } from "@codeground/sandbox";
import { ProblemDocument, Submission } from "@codeground/sdk";
import pino from "pino";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createSandboxPool, type SandboxPool } from "../src/services/judging/sandbox-pool.js";
import { insertProblem } from "../src/services/problems/problem-store.js";
import { iso } from "../src/services/shared/clock.js";
import { METRICS_TOKEN, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { describeDocker, startSandboxService, type TestSandboxService } from "./support/sandbox.js";

const silent = pino({ level: "silent" });
const TOKEN = "pool-test-token-0123456789abcdef";

const quick: RunRequest = {
  language: "python",
  code: "print(int(input()) * 2)\n",
  tests: [{ id: "0", stdin: "21\n", expected: "42\n" }],
};
/** Three tests, each a little slow: long enough to pull the plug between the first and the last. */
const slow: RunRequest = {
  language: "python",
  code: "import time\ntime.sleep(0.8)\nprint(int(input()) * 2)\n",
  tests: ["1", "2", "3"].map((n) => ({ id: n, stdin: `${n}\n`, expected: `${Number(n) * 2}\n` })),
};

/** A node that passes its health check but refuses every run the way `answer` says. */
async function fakeNode(answer: "503" | "429" | "reset"): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === "/readyz") {
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"ready":true}');
      return;
    }
    if (answer === "reset") {
      req.socket.destroy();
      return;
    }
    const status = Number(answer);
    const type = status === 429 ? "rate_limit" : "external_service";
    res
      .writeHead(status, {
        "Content-Type": "application/json",
        ...(status === 429 ? { "Retry-After": "1" } : {}),
      })
      .end(JSON.stringify({ error: { type, code: "refused", message: "not now", requestId: "x" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** One pool metric's value for one node (host:port). */
async function figure(registry: Registry, name: string, url: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const host = new URL(url).host;
  const value = (metric?.values as { labels: { node?: string }; value: number }[] | undefined)?.find(
    (v) => v.labels.node === host,
  );
  return value?.value ?? 0;
}

function poolOver(urls: string[]): { pool: SandboxPool; registry: Registry } {
  const pool = createSandboxPool({ urls, token: TOKEN, logger: silent, checkEveryMs: 200 });
  const registry = new Registry();
  pool.registerMetrics(registry);
  return { pool, registry };
}

describeDocker("several sandbox nodes", () => {
  let a: TestSandboxService;
  let b: TestSandboxService;
  const pools: SandboxPool[] = [];
  const fakes: Server[] = [];

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startSandboxService({ token: TOKEN }),
      startSandboxService({ token: TOKEN }),
    ]);
  });
  afterEach(() => {
    for (const p of pools.splice(0)) p.close();
  });
  afterAll(async () => {
    for (const f of fakes) f.close();
    await Promise.all([a?.close().catch(() => undefined), b?.close().catch(() => undefined)]);
  });

  it("spreads runs over the nodes by outstanding work, and skips a node that is down", async () => {
    const dead = await fakeNode("503");
    dead.server.close();
    const { pool, registry } = poolOver([a.url, dead.url, b.url]);
    pools.push(pool);
    await pool.checkNow();
    const results = await Promise.all(Array.from({ length: 4 }, () => pool.run(slow)));
    for (const r of results) expect(r.status).toBe("accepted");
    expect(await figure(registry, "codeground_api_sandbox_runs_sent_total", a.url)).toBe(2);
    expect(await figure(registry, "codeground_api_sandbox_runs_sent_total", b.url)).toBe(2);
    expect(await figure(registry, "codeground_api_sandbox_runs_sent_total", dead.url)).toBe(0);
    expect(await figure(registry, "codeground_api_sandbox_node_up", dead.url)).toBe(0);
    expect(await figure(registry, "codeground_api_sandbox_node_up", a.url)).toBe(1);
    expect(await figure(registry, "codeground_api_sandbox_runs_outstanding", a.url)).toBe(0);
    expect(await registry.metrics()).not.toContain(TOKEN);
  });

  it("moves a run that a node refused before it started (503, 429, connection reset or refused) to another node", async () => {
    const refusing = await Promise.all([
      fakeNode("503"),
      fakeNode("429"),
      fakeNode("reset"),
      fakeNode("503"),
    ]);
    fakes.push(...refusing.slice(0, 3).map((f) => f.server));
    const gone = refusing[3] as { url: string; server: Server };
    const urls = [...refusing.map((f) => f.url), a.url];
    const { pool, registry } = poolOver(urls);
    pools.push(pool);
    await pool.checkNow();
    // Ready at the last check, then gone: its port refuses connections.
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    for (let i = 0; i < urls.length; i++) {
      const result = await pool.run(quick);
      expect(result.status).toBe("accepted");
      expect(result.tests?.[0]?.stdout).toBe("42\n");
    }
    expect(await figure(registry, "codeground_api_sandbox_runs_sent_total", a.url)).toBe(urls.length);
    let refusedAll = 0;
    for (const f of refusing) {
      const refused = await figure(registry, "codeground_api_sandbox_runs_refused_total", f.url);
      expect(refused, f.url).toBeGreaterThanOrEqual(1);
      expect(await figure(registry, "codeground_api_sandbox_runs_failed_over_total", f.url)).toBe(refused);
      refusedAll += refused;
    }
    expect(refusedAll).toBeGreaterThanOrEqual(4);
  });

  it("never sends a run to a second node once a node started it", async () => {
    const doomed = await startSandboxService({ token: TOKEN });
    const spare = await startSandboxService({ token: TOKEN });
    const { pool, registry } = poolOver([doomed.url, spare.url]);
    pools.push(pool);
    await pool.checkNow();
    let started: () => void = () => undefined;
    const firstTest = new Promise<void>((resolve) => {
      started = resolve;
    });
    const lost = pool.run(slow, { onTest: () => started() });
    lost.catch(() => undefined);
    await firstTest;
    const onDoomed = (await figure(registry, "codeground_api_sandbox_runs_outstanding", doomed.url)) === 1;
    const [victim, other] = onDoomed ? [doomed, spare] : [spare, doomed];
    await victim.kill();
    await expect(lost).rejects.toSatisfy(
      (err) => err instanceof EngineUnavailableError && err.code === "sandbox_stream_broken",
    );
    expect(await figure(registry, "codeground_api_sandbox_runs_sent_total", victim.url)).toBe(1);
    expect(await figure(registry, "codeground_api_sandbox_runs_sent_total", other.url)).toBe(0);
    expect(await figure(registry, "codeground_api_sandbox_runs_failed_over_total", victim.url)).toBe(0);
    await other.close();
  });
});

const double = ProblemDocument.parse({
  slug: "fixture-pool-double",
  title: "Double",
  statement: "Print 2n.",
  difficulty: "easy",
  languages: ["python"],
  limits: { timeMs: 3000, memoryMb: 128 },
  judge: { mode: "stdio", compare: "tokens" },
  tests: [1, 2, 3].map((n) => ({ input: `${n}\n`, expected: `${2 * n}\n`, sample: n === 1 })),
});
const RIGHT = "import time\ntime.sleep(0.2)\nprint(int(input()) * 2)\n";
const WRONG = "import time\ntime.sleep(0.2)\nprint(int(input()) + 2)\n";

describeDocker("a submission whose judge went away", () => {
  let db: TestDatabase;
  let node: TestSandboxService;
  let pool: SandboxPool;
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    const target = databases[0];
    if (!target) throw new Error("no test database");
    db = await target.create();
    await db.knex.transaction((trx) => insertProblem(trx, double, null, iso(Date.now())));
    node = await startSandboxService({ token: TOKEN });
    pool = createSandboxPool({ urls: [node.url], token: TOKEN, logger: silent, checkEveryMs: 200 });
    api = await startApi(db.knex, { sandbox: pool, submissions: { executionsPerMinute: 1000 } });
    const res = await api.call("POST", "/api/v1/auth/signup", {
      body: { email: `pool-${Date.now()}@example.com`, password: "correct horse battery staple" },
    });
    token = res.body.token as string;
  });
  afterAll(async () => {
    await api?.close();
    pool?.close();
    await node?.close().catch(() => undefined);
    await db?.destroy();
  });

  const get = async (id: string) =>
    Submission.parse((await api.call("GET", `/api/v1/submissions/${id}`, { token })).body);
  async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const submit = async (code: string) => {
    const res = await api.call("POST", `/api/v1/problems/${double.slug}/submissions`, {
      token,
      body: { language: "python", code },
    });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };

  it("waits for a judge when the only node dies mid-judging, and judges every submission once a node answers again", async () => {
    const port = Number(new URL(node.url).port);
    const codes = Array.from({ length: 10 }, (_, i) => (i % 3 === 0 ? WRONG : RIGHT));
    const ids: string[] = [];
    for (const code of codes) ids.push(await submit(code));
    await until("a first test result", async () => {
      const n = await db.knex("submission_results").count({ n: "*" }).first();
      return Number(n?.n) > 0 ? true : undefined;
    });
    await node.kill();
    const waiting = await until("a submission waiting for a judge", async () => {
      for (const id of ids) {
        const s = await get(id);
        if (s.waitingForJudge) return s;
      }
      return undefined;
    });
    expect(waiting.state).toBe("queued");
    await new Promise((r) => setTimeout(r, 1500));
    node = await startSandboxService({ port, token: TOKEN });
    const finals = await Promise.all(
      ids.map((id) =>
        until(`submission ${id}`, async () => {
          const s = await get(id);
          return s.state === "done" ? s : undefined;
        }),
      ),
    );
    expect(finals.map((s) => s.verdict)).toEqual(
      codes.map((c) => (c === RIGHT ? "accepted" : "wrong_answer")),
    );
    for (const s of finals) {
      expect(s.waitingForJudge).toBeUndefined();
      expect(s.tests).toHaveLength(3);
    }
    const metrics = await fetch(`${api.url}/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const text = await metrics.text();
    expect(text).toMatch(
      new RegExp(`codeground_api_sandbox_runs_sent_total\\{node="127.0.0.1:${port}"\\} \\d+`),
    );
    expect(text).toContain(`codeground_api_sandbox_node_up{node="127.0.0.1:${port}"} 1`);
    expect(text).not.toContain(TOKEN);
  });

  it("ends as internal_error once no node has answered for JUDGE_WAIT_MINUTES", async () => {
    await node.kill();
    const id = await submit(RIGHT);
    await until("the submission waiting for a judge", async () =>
      (await get(id)).waitingForJudge ? true : undefined,
    );
    api.clock.advance(10 * 60_000 + 1000);
    const done = await until("the submission given up", async () => {
      const s = await get(id);
      return s.state === "done" ? s : undefined;
    });
    expect(done.verdict).toBe("internal_error");
    expect(done.message).toMatch(/no code runner answered for 10 minutes.*retry/i);
  });
});
