import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunResponse } from "../src/index.js";
import { describeDocker, expectNoLeftovers, runtime, type Service, startService } from "./helpers.js";

const py = (code: string) => ({ language: "python", code });

/** How a fork bomb may end: of its own error (pids limit), or, slower under gVisor, at the time limit. */
const forkBombEndings = runtime === "runsc" ? ["runtime_error", "time_limit_exceeded"] : ["runtime_error"];

describeDocker(`hostile programs on ${runtime}`, () => {
  let service: Service;
  let trap: Server;
  let trapPort = 0;
  let trapHits = 0;

  beforeAll(async () => {
    service = await startService({ poolSize: 2, maxConcurrency: 2, maxQueue: 100 });
    // A listener on the host's loopback: a sandbox that could reach the host network would hit it.
    trap = createServer((socket) => {
      trapHits++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    trapPort = (trap.address() as AddressInfo).port;
  });

  afterAll(async () => {
    trap?.close();
    await service?.close();
  });

  async function expectHealthy(): Promise<void> {
    const response = await fetch(`${service.url}/healthz`);
    expect(response.status).toBe(200);
    const ok = await service.client.run(py('print("still here")'));
    expect(ok.status).toBe("accepted");
    expect(ok.run?.stdout).toBe("still here\n");
  }

  it("ends a fork bomb and stays healthy", async () => {
    const result = await service.client.run(py("import os\nwhile True:\n    os.fork()"));
    // The pids limit makes fork fail; the bomb's main process dies of the error. Under gVisor's
    // ptrace platform forks are slow enough that the time limit may end it first.
    expect(forkBombEndings, JSON.stringify(result)).toContain(result.status);
    if (result.status === "runtime_error") {
      expect(result.run?.stderr).toMatch(/BlockingIOError|Resource temporarily unavailable/);
    }
    await expectHealthy();
  });

  it("ends a fork bomb that retries failed forks forever at the time limit", async () => {
    const result = await service.client.run(
      // Each child becomes a small sleeper, so the bomb fills the process table, not memory.
      py(
        "import os\nwhile True:\n    try:\n        if os.fork() == 0:\n            os.execv('/bin/sleep', ['sleep', '1000'])\n    except OSError:\n        pass",
      ),
    );
    expect(result.status, JSON.stringify(result)).toBe("time_limit_exceeded");
    await expectHealthy();
  });

  it("stops a memory bomb at the memory limit", async () => {
    const result = await service.client.run({
      ...py("chunks = []\nwhile True:\n    chunks.append(bytearray(b'x' * 10_000_000))"),
      limits: { memoryMb: 64 },
    });
    expect(result.status, JSON.stringify(result)).toBe("memory_limit_exceeded");
    await expectHealthy();
  });

  it("stops a busy loop at the time limit, killed within the wall clock", async () => {
    const started = Date.now();
    const result = await service.client.run({ ...py("while True:\n    pass"), limits: { timeMs: 500 } });
    expect(result.status).toBe("time_limit_exceeded");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("stops a sleeping program at the wall clock", async () => {
    const result = await service.client.run({
      ...py("import time\ntime.sleep(60)"),
      limits: { timeMs: 500 },
    });
    expect(result.status).toBe("time_limit_exceeded");
    expect(result.run?.wallMs).toBeLessThan(5000);
  });

  it("does not wait for a background child that outlives main", async () => {
    const code = [
      "import os, sys, time",
      "if os.fork() == 0:",
      "    os.setsid()",
      "    time.sleep(30)",
      "    print('late child')",
      "    sys.exit(0)",
      "print('main done')",
    ].join("\n");
    const started = Date.now();
    const result = await service.client.run(py(code));
    expect(result.status).toBe("accepted");
    expect(result.run?.stdout).toBe("main done\n");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("cuts an output flood at the output limit", async () => {
    const result = await service.client.run({
      ...py("while True:\n    print('x' * 1000)"),
      limits: { outputKb: 16 },
    });
    expect(result.status).toBe("output_limit_exceeded");
    expect(result.run?.truncated).toBe(true);
    expect(result.run?.stdout.length).toBe(16 * 1024);
    await expectHealthy();
  });

  it("gives a program that fills the work folder an error, not the host's disk", async () => {
    const code = "with open('fill.bin', 'wb') as f:\n    while True:\n        f.write(b'x' * 1_000_000)";
    const result = await service.client.run(py(code));
    expect(result.status, JSON.stringify(result)).toBe("runtime_error");
    expect(result.run?.stderr).toMatch(/No space left on device|File too large/);
    await expectHealthy();
  });

  it("has no network: no interface but loopback, and the host's loopback is out of reach", async () => {
    const code = [
      "import os, socket",
      "print(sorted(os.listdir('/sys/class/net')))",
      "s = socket.socket()",
      "s.settimeout(2)",
      "try:",
      `    s.connect(('127.0.0.1', ${trapPort}))`,
      "    print('connected')",
      "except OSError as e:",
      "    print('refused')",
      "try:",
      "    socket.getaddrinfo('example.com', 80)",
      "    print('resolved')",
      "except OSError:",
      "    print('no dns')",
    ].join("\n");
    const result = await service.client.run(py(code));
    expect(result.status, JSON.stringify(result)).toBe("accepted");
    expect(result.run?.stdout).toBe("['lo']\nrefused\nno dns\n");
    expect(trapHits).toBe(0);
  });

  it("cannot write outside the work folder", async () => {
    const code = [
      "import os",
      "for path in ['/etc/evil', '/tmp/evil', '/usr/bin/evil', '/evil']:",
      "    try:",
      "        open(path, 'w').write('x')",
      "        print('wrote', path)",
      "    except OSError as e:",
      "        print('denied', path)",
      "print(os.path.exists('/var/run/docker.sock'), os.getuid(), os.getgid())",
    ].join("\n");
    const result = await service.client.run(py(code));
    expect(result.status).toBe("accepted");
    expect(result.run?.stdout).toBe(
      "denied /etc/evil\ndenied /tmp/evil\ndenied /usr/bin/evil\ndenied /evil\nFalse 65534 65534\n",
    );
  });

  it("holds no capabilities and cannot gain privileges", async () => {
    const code = [
      "for line in open('/proc/self/status'):",
      "    if line.startswith(('CapEff', 'CapPrm', 'CapBnd', 'NoNewPrivs')):",
      "        print(line.split()[0], line.split()[1])",
    ].join("\n");
    const result = await service.client.run(py(code));
    expect(result.status).toBe("accepted");
    const fields = Object.fromEntries(
      (result.run?.stdout ?? "")
        .trim()
        .split("\n")
        .map((l) => l.split(" ")),
    );
    expect(fields["CapEff:"]).toBe("0000000000000000");
    expect(fields["CapPrm:"]).toBe("0000000000000000");
    expect(fields["CapBnd:"]).toBe("0000000000000000");
    if (runtime === "runc") expect(fields["NoNewPrivs:"]).toBe("1");
  });

  it("cannot read the host's environment or the service token", async () => {
    process.env.CG_TEST_CANARY = "canary-value-that-must-stay-on-the-host";
    const result = await service.client.run(
      py(
        "import os\nprint('\\n'.join(f'{k}={v}' for k, v in os.environ.items()))\nprint(open('/proc/1/environ','rb').read())",
      ),
    );
    const everything = JSON.stringify(result);
    expect(everything).not.toContain("canary-value-that-must-stay-on-the-host");
    expect(everything).not.toContain(service.token);
    expect(result.run?.stdout).toContain("HOME=/work");
  });

  it("cannot forge results through the agent or signal it", async () => {
    const code = [
      "import os, signal",
      "try:",
      "    os.open('/proc/1/fd/1', os.O_WRONLY)",
      "    print('opened agent stdout')",
      "except OSError:",
      "    print('agent stdout closed to us')",
      "for sig in (signal.SIGKILL, signal.SIGTERM):",
      "    try:",
      "        os.kill(1, sig)",
      "    except OSError:",
      "        pass",
      "print('after kill')",
    ].join("\n");
    const result = await service.client.run({
      ...py(code),
      tests: [{ id: "1", expected: "agent stdout closed to us\nafter kill\n" }],
      compare: "exact",
    });
    expect(result.status, JSON.stringify(result)).toBe("accepted");
  });

  it("keeps serving a normal run while many hostile runs hit at once", async () => {
    const hostile = [
      py("import os\nwhile True:\n    os.fork()"),
      { ...py("a = []\nwhile True:\n    a.append(bytearray(10_000_000))"), limits: { memoryMb: 64 } },
      { ...py("while True:\n    pass"), limits: { timeMs: 1000 } },
      { ...py("while True:\n    print('y' * 4096)"), limits: { outputKb: 8 } },
      { ...py("import time\ntime.sleep(30)"), limits: { timeMs: 1000 } },
      { ...py("while True:\n    pass"), limits: { timeMs: 1000 } },
    ];
    const storm = hostile.map((r) => service.client.run(r));
    const normal = await service.client.run(py("print(sum(range(10)))"));
    expect(normal.status).toBe("accepted");
    expect(normal.run?.stdout).toBe("45\n");
    const results: RunResponse[] = await Promise.all(storm);
    expect(forkBombEndings).toContain(results[0]?.status);
    expect(results.slice(1).map((r) => r.status)).toEqual([
      "memory_limit_exceeded",
      "time_limit_exceeded",
      "output_limit_exceeded",
      "time_limit_exceeded",
      "time_limit_exceeded",
    ]);
    await expectHealthy();
  });

  it("leaves no container behind", async () => {
    expect(await expectNoLeftovers()).toEqual([]);
  });
});
