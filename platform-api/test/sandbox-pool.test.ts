import type { LookupAddress } from "node:dns";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EngineUnavailableError, type RunRequest } from "@codeground/sandbox";
import { ProblemDocument, Submission } from "@codeground/sdk";
import pino from "pino";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSandboxPool, type SandboxPool } from "../src/services/judging/sandbox-pool.js";
import { insertProblem } from "../src/services/problems/problem-store.js";
import { iso } from "../src/services/shared/clock.js";
import { signUp } from "./support/accounts.js";
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

function poolOver(urls: string[], logger = silent): { pool: SandboxPool; registry: Registry } {
  const pool = createSandboxPool({ urls, token: TOKEN, logger, checkEveryMs: 200 });
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

  it("logs a node that refused a connection as down, once, when the run finds it so", async () => {
    const gone = await fakeNode("503");
    const { logger, lines } = capturedLogger();
    const { pool } = poolOver([gone.url, a.url], logger);
    pools.push(pool);
    await pool.checkNow();
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    for (let i = 0; i < 2; i++) expect((await pool.run(quick)).status).toBe("accepted");
    const changes = lines.filter(
      (l) => l.msg === "sandbox node health changed" && l.node === new URL(gone.url).host,
    );
    expect(changes.map((l) => (l as { health?: string }).health)).toEqual(["down"]);
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
    ({ token } = await signUp(api, { email: `pool-${Date.now()}@example.com` }));
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
    // A submission's first loss is tried again at once (another node may take it); the tries
    // after back off from 1 s, pausing this instance's claiming while no node answers.
    const waits = api.logs
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === "no sandbox answered; the submission waits queued for a judge");
    const bySubmission = new Map<string, number[]>();
    for (const w of waits)
      bySubmission.set(w.submissionId, [...(bySubmission.get(w.submissionId) ?? []), w.delayMs]);
    expect(bySubmission.size).toBeGreaterThan(0);
    for (const delays of bySubmission.values()) {
      expect(delays[0]).toBe(0);
      for (const later of delays.slice(1)) expect(later).toBeGreaterThanOrEqual(1000);
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

/**
 * A sandbox-like node on a loopback address: `/readyz`, and `POST /v1/runs` answered as a whole
 * (every test accepted, its expected output echoed) after `delayMs`. Every node of one test
 * listens on the same port, as a service's tasks do on their own addresses.
 */
interface LoopbackNode {
  host: string;
  runs: number;
  delayMs: number;
  close(): Promise<void>;
}

async function loopbackNode(host: string, port: number): Promise<LoopbackNode> {
  const node: LoopbackNode = { host, runs: 0, delayMs: 0, close: async () => undefined };
  const server = createServer((req, res) => {
    if (req.url === "/readyz") {
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"ready":true}');
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end();
      return;
    }
    if (req.url === "/v1/languages") {
      const python = { id: "python", name: "Python", version: "3", extensions: [".py"], compiled: false };
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify([python]));
      return;
    }
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      node.runs++;
      const request = JSON.parse(body) as { tests: { id: string; expected?: string }[] };
      const tests = request.tests.map((t) => ({
        id: t.id,
        verdict: "accepted",
        timeMs: 1,
        wallMs: 1,
        memoryKb: 1024,
        stdout: t.expected ?? "",
        stderr: "",
        exitCode: 0,
        truncated: false,
      }));
      setTimeout(() => {
        res
          .writeHead(200, { "Content-Type": "application/json" })
          .end(JSON.stringify({ status: "accepted", tests }));
      }, node.delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  node.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return node;
}

/** Two IPv4 loopback addresses and IPv6's, all on one free port. */
async function loopbackNodes(): Promise<{
  port: number;
  a: LoopbackNode;
  b: LoopbackNode;
  v6: LoopbackNode;
}> {
  for (let attempt = 0; ; attempt++) {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.2", () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const made: LoopbackNode[] = [];
    try {
      for (const host of ["127.0.0.2", "127.0.0.3", "::1"]) made.push(await loopbackNode(host, port));
      const [a, b, v6] = made as [LoopbackNode, LoopbackNode, LoopbackNode];
      return { port, a, b, v6 };
    } catch (err) {
      await Promise.all(made.map((n) => n.close()));
      if (attempt >= 5) throw err;
    }
  }
}

/** DNS as the test says: `answers` for the name, or the error `code` when set. */
function fakeDns(name: string) {
  const dns = {
    answers: [] as LookupAddress[],
    code: undefined as string | undefined,
    asked: [] as string[],
    lookup: async (hostname: string): Promise<LookupAddress[]> => {
      dns.asked.push(hostname);
      if (hostname !== name || dns.code) {
        throw Object.assign(new Error(`getaddrinfo ${dns.code ?? "ENOTFOUND"} ${hostname}`), {
          code: dns.code ?? "ENOTFOUND",
        });
      }
      return dns.answers;
    },
  };
  return dns;
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });

/** Log lines a pool writes, parsed. */
function capturedLogger() {
  const lines: { level: number; msg: string; node?: string; entry?: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe("sandbox nodes found through DNS (dns+http://name:port)", () => {
  let port: number;
  let a: LoopbackNode;
  let b: LoopbackNode;
  let v6: LoopbackNode;
  const pools: SandboxPool[] = [];

  beforeAll(async () => {
    ({ port, a, b, v6 } = await loopbackNodes());
  });
  afterEach(() => {
    for (const p of pools.splice(0)) p.close();
    for (const n of [a, b, v6]) n.delayMs = 0;
  });
  afterAll(async () => {
    await Promise.all([a, b, v6].map((n) => n?.close()));
  });

  function dnsPool(urls: string[], lookup: (h: string) => Promise<LookupAddress[]>, logger = silent) {
    const pool = createSandboxPool({ urls, token: TOKEN, logger, checkEveryMs: 60_000, lookup });
    pools.push(pool);
    const registry = new Registry();
    pool.registerMetrics(registry);
    return { pool, registry };
  }
  const runs = () => ({ a: a.runs, b: b.runs, v6: v6.runs });
  const since = (before: ReturnType<typeof runs>) => {
    const now = runs();
    return { a: now.a - before.a, b: now.b - before.b, v6: now.v6 - before.v6 };
  };

  it("makes a node of each address, lets new addresses join and stops sending to those gone, while a run on a departed node finishes", async () => {
    const dns = fakeDns("tasks.sandbox");
    dns.answers = [v4("127.0.0.2")];
    const { logger, lines } = capturedLogger();
    const { pool, registry } = dnsPool([`dns+http://tasks.sandbox:${port}`], dns.lookup, logger);
    const aUrl = `http://127.0.0.2:${port}`;
    const bUrl = `http://127.0.0.3:${port}`;

    // The first run waits for the first answer instead of finding no node.
    let before = runs();
    expect((await pool.run(quick)).status).toBe("accepted");
    expect(since(before)).toEqual({ a: 1, b: 0, v6: 0 });
    expect(dns.asked).toContain("tasks.sandbox");

    // A second task starts: its address joins at the next check.
    dns.answers = [v4("127.0.0.3"), v4("127.0.0.2")];
    await pool.checkNow();
    expect(
      lines.some((l) => l.msg === "sandbox node joined the pool" && l.node === `127.0.0.3:${port}`),
    ).toBe(true);
    a.delayMs = 400;
    b.delayMs = 400;
    before = runs();
    await Promise.all(Array.from({ length: 4 }, () => pool.run(quick)));
    expect(since(before)).toEqual({ a: 2, b: 2, v6: 0 });
    expect(await figure(registry, "codeground_api_sandbox_node_up", bUrl)).toBe(1);
    expect(await figure(registry, "codeground_api_sandbox_runs_sent_total", bUrl)).toBe(2);

    // The first task goes away while a run is on it: that run is answered, the next ones go to b.
    a.delayMs = 1000;
    b.delayMs = 0;
    before = runs();
    // Two at once: one on each node, so one is on a.
    const inFlight = Promise.all([pool.run(quick), pool.run(quick)]);
    await until(() => a.runs > before.a);
    dns.answers = [v4("127.0.0.3")];
    await pool.checkNow();
    expect(lines.some((l) => l.msg === "sandbox node left the pool" && l.node === `127.0.0.2:${port}`)).toBe(
      true,
    );
    for (let i = 0; i < 3; i++) expect((await pool.run(quick)).status).toBe("accepted");
    expect((await inFlight).map((r) => r.status)).toEqual(["accepted", "accepted"]);
    expect(since(before)).toEqual({ a: 1, b: 4, v6: 0 });
    const text = await registry.metrics();
    expect(text).not.toContain(`node="127.0.0.2:${port}"`);
    expect(text).toContain(`codeground_api_sandbox_node_up{node="127.0.0.3:${port}"} 1`);
    expect(text).not.toContain(TOKEN);
    expect(await figure(registry, "codeground_api_sandbox_runs_outstanding", aUrl)).toBe(0);

    // It comes back (a new task on the same address): it joins again.
    dns.answers = [v4("127.0.0.2"), v4("127.0.0.3")];
    await pool.checkNow();
    before = runs();
    await Promise.all(Array.from({ length: 2 }, () => pool.run(quick)));
    expect(since(before).a + since(before).b).toBe(2);
    expect(await figure(registry, "codeground_api_sandbox_node_up", aUrl)).toBe(1);
  });

  it("writes an IPv6 address in brackets, and serves dns+https entries' names the same way", async () => {
    const dns = fakeDns("tasks.sandbox");
    dns.answers = [{ address: "::1", family: 6 }];
    const { pool, registry } = dnsPool([`dns+http://tasks.sandbox:${port}`], dns.lookup);
    const before = runs();
    expect((await pool.run(quick)).status).toBe("accepted");
    expect(since(before)).toEqual({ a: 0, b: 0, v6: 1 });
    expect(await figure(registry, "codeground_api_sandbox_runs_sent_total", `http://[::1]:${port}`)).toBe(1);

    const secure = fakeDns("tasks.secure-sandbox");
    secure.answers = [v4("127.0.0.2")];
    dnsPool([`dns+https://tasks.secure-sandbox:${port}`], secure.lookup);
    expect(secure.asked).toEqual(["tasks.secure-sandbox"]);
  });

  it("with a name that resolves to nothing, warns once, finds no node, and takes the nodes when the name resolves", async () => {
    const dns = fakeDns("tasks.sandbox");
    dns.code = "ENOTFOUND";
    const { logger, lines } = capturedLogger();
    const { pool } = dnsPool([`dns+http://tasks.sandbox:${port}`], dns.lookup, logger);
    await expect(pool.run(quick)).rejects.toSatisfy(
      (err) => err instanceof EngineUnavailableError && err.code === "no_sandbox_ready",
    );
    await expect(pool.languages()).rejects.toBeInstanceOf(EngineUnavailableError);
    await pool.checkNow();
    const warned = lines.filter((l) => l.msg.startsWith("sandbox DNS name resolves to no address"));
    expect(warned).toHaveLength(1);
    expect(warned[0]?.entry).toBe(`dns+http://tasks.sandbox:${port}`);

    dns.code = undefined;
    dns.answers = [];
    await pool.checkNow();
    expect(lines.filter((l) => l.msg.startsWith("sandbox DNS name resolves to no address"))).toHaveLength(1);

    dns.answers = [v4("127.0.0.3")];
    await pool.checkNow();
    const before = runs();
    expect((await pool.run(quick)).status).toBe("accepted");
    expect(since(before)).toEqual({ a: 0, b: 1, v6: 0 });
    expect((await pool.languages()).map((l) => l.id)).toEqual(["python"]);
  });

  it("keeps the last nodes when DNS does not answer, and lets the health checks judge them", async () => {
    const dns = fakeDns("tasks.sandbox");
    dns.answers = [v4("127.0.0.2")];
    const { logger, lines } = capturedLogger();
    const { pool } = dnsPool([`dns+http://tasks.sandbox:${port}`], dns.lookup, logger);
    await pool.checkNow();
    dns.code = "EAI_AGAIN";
    await pool.checkNow();
    expect(lines.some((l) => l.msg.startsWith("sandbox DNS lookup failed; keeping the nodes"))).toBe(true);
    const before = runs();
    expect((await pool.run(quick)).status).toBe("accepted");
    expect(since(before)).toEqual({ a: 1, b: 0, v6: 0 });
  });

  it("lets the API start while the name resolves to nothing; submissions wait for a judge and are judged once addresses appear", async () => {
    const target = databases[0];
    if (!target) throw new Error("no test database");
    const db = await target.create();
    const dns = fakeDns("tasks.sandbox");
    dns.code = "ENOTFOUND";
    const { pool } = dnsPool([`dns+http://tasks.sandbox:${port}`], dns.lookup);
    const api = await startApi(db.knex, { sandbox: pool, submissions: { executionsPerMinute: 1000 } });
    try {
      await db.knex.transaction((trx) => insertProblem(trx, double, null, iso(Date.now())));
      const { token } = await signUp(api, { email: `dns-${Date.now()}@example.com` });
      const get = async (id: string) =>
        Submission.parse((await api.call("GET", `/api/v1/submissions/${id}`, { token })).body);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await api.call("POST", `/api/v1/problems/${double.slug}/submissions`, {
          token,
          body: { language: "python", code: RIGHT },
        });
        expect(res.status).toBe(202);
        ids.push(res.body.id as string);
      }
      let waiting = false;
      await until(
        () => waiting,
        20_000,
        async () => {
          waiting = (await get(ids[0] as string)).waitingForJudge === true;
        },
      );

      dns.code = undefined;
      dns.answers = [v4("127.0.0.2"), v4("127.0.0.3")];
      await pool.checkNow();
      const before = runs();
      const verdicts: (string | null | undefined)[] = [];
      await until(
        () => verdicts.length === ids.length && verdicts.every((v) => v),
        60_000,
        async () => {
          verdicts.splice(
            0,
            verdicts.length,
            ...(await Promise.all(ids.map(async (id) => (await get(id)).verdict))),
          );
        },
      );
      expect(verdicts).toEqual(["accepted", "accepted", "accepted"]);
      expect(since(before).a + since(before).b).toBe(3);
      const text = await (
        await fetch(`${api.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      expect(text).toMatch(
        new RegExp(`codeground_api_sandbox_node_up\\{node="127\\.0\\.0\\.[23]:${port}"\\} 1`),
      );
    } finally {
      await api.close();
      await db.destroy();
    }
  });

  it("mixes plain URLs and dns+ entries, one node per address however often it is named", async () => {
    const dns = fakeDns("tasks.sandbox");
    dns.answers = [v4("127.0.0.2"), v4("127.0.0.3"), v4("127.0.0.3"), { address: "fe80::1%eth0", family: 6 }];
    const { pool, registry } = dnsPool(
      [`http://127.0.0.2:${port}`, `dns+http://tasks.sandbox:${port}`, `dns+http://tasks.sandbox:${port}`],
      dns.lookup,
    );
    await pool.checkNow();
    a.delayMs = 300;
    b.delayMs = 300;
    const before = runs();
    await Promise.all(Array.from({ length: 4 }, () => pool.run(quick)));
    expect(since(before)).toEqual({ a: 2, b: 2, v6: 0 });
    const series = (await registry.getMetricsAsJSON()).find(
      (m) => m.name === "codeground_api_sandbox_node_up",
    );
    expect((series?.values ?? []).map((v) => v.labels.node).sort()).toEqual([
      `127.0.0.2:${port}`,
      `127.0.0.3:${port}`,
    ]);

    // The plain URL stays whatever DNS says.
    dns.answers = [];
    await pool.checkNow();
    const after = runs();
    expect((await pool.run(quick)).status).toBe("accepted");
    expect(since(after)).toEqual({ a: 1, b: 0, v6: 0 });
  });
});

/** Waits until `condition` holds, running `refresh` before each look. */
async function until(
  condition: () => boolean,
  timeoutMs = 10_000,
  refresh: () => Promise<void> = async () => undefined,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await refresh();
    if (condition()) return;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
