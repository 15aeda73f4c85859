import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import Docker from "dockerode";
import { afterEach, beforeAll, expect, it } from "vitest";
import { describeDocker, freePort, runtime } from "./helpers.js";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");
const cli = path.join(repo, "sandbox/dist/cli.js");

interface Node {
  child: ChildProcess;
  url: string;
  token: string;
  exited: Promise<number | null>;
  output: () => string;
}

/** The node as an operator runs it: `codeground-sandbox serve`, its own process. */
async function startNode(env: Record<string, string> = {}): Promise<Node> {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const child = spawn(process.execPath, [cli, "serve"], {
    env: {
      ...process.env,
      SANDBOX_PORT: String(port),
      SANDBOX_HOST: "127.0.0.1",
      SANDBOX_TOKEN: token,
      SANDBOX_RUNTIME: runtime,
      SANDBOX_POOL_SIZE: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the node did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, token, exited, output: () => output };
}

const sleepy = (seconds: number) => ({
  language: "python",
  code: `import time\ntime.sleep(${seconds})\nprint("done")\n`,
  limits: { timeMs: 10_000 },
  tests: [{ id: "t1", expected: "done\n" }],
});

function postRun(node: Node, body: unknown): Promise<Response> {
  return fetch(`${node.url}/v1/runs`, {
    method: "POST",
    headers: { Authorization: `Bearer ${node.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Waits until the node has taken the run into a container (the `running` gauge). */
async function waitRunning(node: Node): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const text = await (await fetch(`${node.url}/metrics`)).text();
    if (/^codeground_sandbox_running [1-9]/m.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the run never started");
}

async function containersOf(pid: number | undefined): Promise<string[]> {
  const list = await new Docker().listContainers({
    all: true,
    filters: { label: [`codeground.sandbox.pid=${pid}`] },
  });
  return list.map((c) => c.Id);
}

describeDocker("a sandbox node stopping (SIGTERM)", () => {
  let node: Node | undefined;

  beforeAll(async () => {
    await run("npx", ["tsc", "-b", "sandbox"], { cwd: repo });
  }, 120_000);

  afterEach(async () => {
    if (node && node.child.exitCode === null && node.child.signalCode === null) {
      node.child.kill("SIGKILL");
      await node.exited;
    }
    node = undefined;
  });

  it("finishes the run it accepted, refuses new runs with 503 node_draining, says so on /readyz, and exits 0 leaving no container", async () => {
    node = await startNode();
    const first = postRun(node, sleepy(3));
    await waitRunning(node);
    node.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));

    const refused = await postRun(node, sleepy(0));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "external_service", code: "node_draining" });
    expect(body.error.message).toMatch(/shutting down/);
    expect(typeof body.error.requestId).toBe("string");

    const ready = await fetch(`${node.url}/readyz`);
    expect(ready.status).toBe(503);
    const readiness = (await ready.json()) as { draining: boolean; problems: string[] };
    expect(readiness.draining).toBe(true);
    expect(readiness.problems.join(" ")).toMatch(/draining/);
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${node.url}/metrics`)).text()).toMatch(/^codeground_sandbox_draining 1$/m);

    const answer = await first;
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as { status: string; tests: { verdict: string }[] };
    expect(result.status).toBe("accepted");
    expect(result.tests[0]?.verdict).toBe("accepted");

    expect(await node.exited).toBe(0);
    expect(await containersOf(node.child.pid)).toEqual([]);
    expect(node.output()).not.toContain(node.token);
  }, 60_000);

  it("stops waiting after SANDBOX_DRAIN_SECONDS, answers the cut run 503 run_abandoned (never a verdict), removes its container, and exits 0", async () => {
    node = await startNode({ SANDBOX_DRAIN_SECONDS: "1" });
    const slow = postRun(node, sleepy(15)).then(
      async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } }),
      () => "connection closed" as const,
    );
    await waitRunning(node);
    const signalled = Date.now();
    node.child.kill("SIGTERM");
    expect(await node.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(12_000);
    expect(await slow).toMatchObject({ status: 503, body: { error: { code: "run_abandoned" } } });
    expect(await containersOf(node.child.pid)).toEqual([]);
  }, 60_000);

  it("a second signal stops at once, still removing the containers of the runs going on", async () => {
    node = await startNode();
    const slow = postRun(node, sleepy(15)).then(
      (r) => r.status,
      () => "connection closed",
    );
    await waitRunning(node);
    const signalled = Date.now();
    node.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    expect(node.child.exitCode).toBeNull();
    node.child.kill("SIGINT");
    expect(await node.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(8_000);
    expect(await slow).not.toBe(200);
    expect(await containersOf(node.child.pid)).toEqual([]);
  }, 60_000);
});
