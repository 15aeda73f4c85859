import os from "node:os";
import Docker from "dockerode";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSandbox, ErrorBody, OverloadedError, type RunRequest } from "../src/index.js";
import { describeDocker, expectNoLeftovers, runtime, type Service, startService } from "./helpers.js";

const nap = (ms: number): RunRequest => ({
  language: "python",
  code: `import time\ntime.sleep(${ms / 1000})\nprint("rested")`,
});

describeDocker("the sandbox service under load", () => {
  let service: Service;

  beforeAll(async () => {
    service = await startService({ poolSize: 1, maxConcurrency: 1, maxQueue: 2 });
  });

  afterAll(async () => {
    await service?.close();
  });

  const post = (body: RunRequest) =>
    fetch(`${service.url}/v1/runs`, {
      method: "POST",
      headers: { Authorization: `Bearer ${service.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  it("answers 429 with Retry-After beyond the queue bound, and finishes every run it accepted", async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => post(nap(700))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    for (const response of responses) {
      const body = await response.json();
      if (response.status === 200) {
        expect(body.status).toBe("accepted");
        expect(body.run.stdout).toBe("rested\n");
      } else {
        expect(Number(response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
        const error = ErrorBody.parse(body).error;
        expect(error.type).toBe("rate_limit");
        expect(error.code).toBe("overloaded");
      }
    }
  });

  it("gives the client a typed OverloadedError carrying retryAfter", async () => {
    const runs = Array.from({ length: 4 }, () => service.client.run(nap(500)).catch((e: unknown) => e));
    const results = await Promise.all(runs);
    const overloaded = results.filter((r) => r instanceof OverloadedError) as OverloadedError[];
    expect(overloaded).toHaveLength(1);
    expect(overloaded[0]?.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it("reports readiness once the pool is warm, and metrics in Prometheus format", async () => {
    let ready = await fetch(`${service.url}/readyz`);
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ready = await fetch(`${service.url}/readyz`);
    }
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body.engine).toBe(true);
    expect(body.runtime).toBe(runtime);
    expect(Object.values(body.images).every(Boolean)).toBe(true);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/codeground_sandbox_runs_total\{language="python",status="accepted"\} \d+/);
    expect(metrics).toContain("codeground_sandbox_rejected_total 4");
    expect(metrics).toContain('codeground_sandbox_pool_ready{language="python"}');
  });

  it("runs the same in-process as over HTTP", async () => {
    const local = await createSandbox({ config: { runtime, poolSize: 0 } });
    try {
      const request: RunRequest = {
        language: "python",
        code: "print(input()[::-1])",
        tests: [{ id: "t", stdin: "abc\n", expected: "cba" }],
      };
      const [inProcess, overHttp] = await Promise.all([local.run(request), service.client.run(request)]);
      expect(inProcess.status).toBe("accepted");
      expect(overHttp.status).toBe("accepted");
      expect(inProcess.tests?.[0]?.stdout).toBe(overHttp.tests?.[0]?.stdout);
    } finally {
      await local.close();
    }
  });

  it("finishes queued runs before closing", async () => {
    const local = await createSandbox({ config: { runtime, poolSize: 0, maxConcurrency: 1 } });
    const runs = [local.run(nap(200)), local.run(nap(200))];
    await local.close();
    const results = await Promise.all(runs);
    expect(results.map((r) => r.status)).toEqual(["accepted", "accepted"]);
  });

  it("gives a run that asks for more memory than the pool's default what it asked for", async () => {
    const code = 'data = b"x" * (400 * 1024 * 1024)\nprint(len(data))';
    const roomy = await service.client.run({ language: "python", code, limits: { memoryMb: 768 } });
    expect(roomy.status, JSON.stringify(roomy)).toBe("accepted");
    expect(roomy.run?.memoryKb).toBeGreaterThan(400 * 1024);
    const tight = await service.client.run({ language: "python", code, limits: { memoryMb: 300 } });
    expect(tight.status).toBe("memory_limit_exceeded");
  });

  it("passes args to the program, per run and per test", async () => {
    const code = "import sys\nprint(' '.join(sys.argv[1:]))";
    const plain = await service.client.run({ language: "python", code, args: ["a b", "--flag", "ü"] });
    expect(plain.run?.stdout).toBe("a b --flag ü\n");
    const judged = await service.client.run({
      language: "python",
      code,
      tests: [
        { id: "1", args: ["x"], expected: "x" },
        { id: "2", args: ["y", "z"], expected: "y z" },
      ],
    });
    expect(judged.tests?.map((t) => t.verdict)).toEqual(["accepted", "accepted"]);
  });

  it("sweeps containers left by a process that died, and only those", async () => {
    const docker = new Docker();
    const leftover = await docker.createContainer({
      Image: "codeground-sandbox/python",
      Labels: {
        "codeground.sandbox": "1",
        "codeground.sandbox.pid": "2147483646",
        "codeground.sandbox.host": os.hostname(),
      },
      HostConfig: { NetworkMode: "none" },
    });
    const fresh = await createSandbox({ config: { runtime, poolSize: 0 } });
    await fresh.close();
    await expect(leftover.inspect()).rejects.toMatchObject({ statusCode: 404 });
    // The running service's warm containers belong to a live process: they stay.
    expect(service.sandbox.stats().ready.python).toBeGreaterThan(0);
    const ours = await docker.listContainers({
      filters: { label: [`codeground.sandbox.pid=${process.pid}`] },
    });
    expect(ours.length).toBeGreaterThan(0);
  });

  it("sweeps a killed predecessor's containers although it had the same pid (pid 1 in a container)", async () => {
    const docker = new Docker();
    const labels = {
      "codeground.sandbox": "1",
      "codeground.sandbox.pid": String(process.pid),
      "codeground.sandbox.host": os.hostname(),
    };
    const predecessor = await docker.createContainer({
      Image: "codeground-sandbox/python",
      Labels: { ...labels, "codeground.sandbox.instance": "a-process-that-was-killed" },
      HostConfig: { NetworkMode: "none" },
    });
    const fresh = await createSandbox({ config: { runtime, poolSize: 0 } });
    await fresh.close();
    await expect(predecessor.inspect()).rejects.toMatchObject({ statusCode: 404 });
    // This process's own warm containers carry its instance id: they stay.
    expect(service.sandbox.stats().ready.python).toBeGreaterThan(0);
  });

  it("warms a language kept cold at the start from its first run on, and is ready without it", async () => {
    const lazy = await createSandbox({ config: { runtime, poolSize: 1, warmLanguages: ["python"] } });
    try {
      for (let i = 0; i < 100 && lazy.stats().ready.python === 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(lazy.stats().ready).toMatchObject({ python: 1, c: 0 });
      expect((await lazy.readiness()).ready).toBe(true);
      const first = await lazy.run({
        language: "c",
        code: '#include <stdio.h>\nint main(void) { puts("cold"); }',
      });
      expect(first.status, JSON.stringify(first)).toBe("accepted");
      for (let i = 0; i < 100 && lazy.stats().ready.c === 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(lazy.stats().ready.c).toBe(1);
    } finally {
      await lazy.close();
    }
  });

  it("leaves no container behind", async () => {
    expect(await expectNoLeftovers()).toEqual([]);
  });
});
