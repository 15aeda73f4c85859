#!/usr/bin/env node
// Sandbox benchmark: the HTTP API against `docker run --rm` of the same image, measured in
// the same run on the same engine. Prints figures; asserts nothing. See sandbox/README.md.
//
//   npm run bench:sandbox                     (root)   or   node sandbox/bench/sandbox-bench.mjs
//   options: --runtime runsc  --samples 40  --seconds 15  --clients 4
import { execFile } from "node:child_process";
import { parseArgs } from "node:util";
import { percentile, startBenchService } from "./bench-service.mjs";

const { values: opts } = parseArgs({
  options: {
    runtime: { type: "string", default: "runc" },
    samples: { type: "string", default: "40" },
    seconds: { type: "string", default: "15" },
    clients: { type: "string", default: "4" },
    "start-concurrency": { type: "string", default: "2" },
  },
});
const samples = Number(opts.samples);
const seconds = Number(opts.seconds);
const clients = Number(opts.clients);
const runtime = opts.runtime;

const hello = 'print("hello")';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The baseline gets the same isolation flags the sandbox uses, so only the mechanism differs.
const dockerRunArgs = [
  "run",
  "--rm",
  "-i",
  "--runtime",
  runtime,
  "--network",
  "none",
  "--read-only",
  "--tmpfs",
  "/work:rw,exec,nosuid,nodev,size=64m,uid=65534,gid=65534,mode=0700",
  "--memory",
  "384m",
  "--memory-swap",
  "384m",
  "--cpus",
  "1",
  "--pids-limit",
  "64",
  "--cap-drop",
  "ALL",
  "--security-opt",
  "no-new-privileges",
  "--user",
  "65534:65534",
  "--log-driver",
  "none",
  "--entrypoint",
  "python3",
  "codeground-sandbox/python",
  "-c",
  hello,
];

function dockerRunOnce() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile("docker", dockerRunArgs, (err, stdout) => {
      if (err) return reject(err);
      if (stdout !== "hello\n") return reject(new Error(`unexpected output ${JSON.stringify(stdout)}`));
      resolve(performance.now() - started);
    });
  });
}

async function main() {
  const service = await startBenchService({
    runtime,
    poolSize: clients,
    maxConcurrency: clients,
    maxQueue: 1000,
    startConcurrency: Number(opts["start-concurrency"]),
    // The two languages measured: 22 languages warm at 4 each would be 88 containers to wait for.
    warmLanguages: ["python", "cpp"],
  });
  const { sandbox } = service;
  const apiRun = service.run;

  async function apiHello() {
    const { ms, result } = await apiRun({ language: "python", code: hello });
    if (result.status !== "accepted" || result.run.stdout !== "hello\n")
      throw new Error(JSON.stringify(result));
    return ms;
  }

  async function warmPool() {
    for (let i = 0; i < 100; i++) {
      const ready = sandbox.stats().ready;
      if (ready.python >= clients && ready.cpp >= clients) return;
      await sleep(100);
    }
  }

  async function sequential(fn, n, paced) {
    const times = [];
    for (let i = 0; i < n; i++) {
      if (paced) await warmPool();
      times.push(await fn());
    }
    return times;
  }

  async function sustained(fn) {
    let done = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) {
          await fn();
          done++;
        }
      }),
    );
    return done / ((performance.now() - started) / 1000);
  }

  console.log(
    `# Codeground sandbox benchmark (runtime ${runtime}, ${samples} samples, ${clients} clients, ${seconds} s)`,
  );
  await warmPool();
  await sequential(apiHello, 5, false);
  await sequential(dockerRunOnce, 3, false);

  // Latency: one request at a time, the pool refilled between requests (a learner's "Run").
  const apiTimes = await sequential(apiHello, samples, true);
  const dockerTimes = await sequential(dockerRunOnce, Math.max(10, Math.floor(samples / 2)), false);
  const [apiP50, apiP95] = [percentile(apiTimes, 50), percentile(apiTimes, 95)];
  const [dockerP50, dockerP95] = [percentile(dockerTimes, 50), percentile(dockerTimes, 95)];

  // Throughput: clients back to back, the pool refilling as it can.
  await warmPool();
  const apiRate = await sustained(apiHello);
  const dockerRate = await sustained(dockerRunOnce);

  const row = (name, a, b, unit, better) =>
    console.log(
      `${name.padEnd(34)} ${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(12)} ${unit.padEnd(6)} ${better}`,
    );
  console.log("\n## Python hello world");
  console.log(`${"figure".padEnd(34)} ${"HTTP API".padStart(9)} ${"docker run".padStart(12)}`);
  row(
    "latency p50",
    apiP50,
    dockerP50,
    "ms",
    `API at ${(apiP50 / dockerP50).toFixed(3)}x of docker run (goal <= 0.25)`,
  );
  row("latency p95", apiP95, dockerP95, "ms", `API at ${(apiP95 / dockerP95).toFixed(3)}x`);
  row(
    `throughput, ${clients} clients`,
    apiRate,
    dockerRate,
    "runs/s",
    `API at ${(apiRate / dockerRate).toFixed(2)}x (goal >= 2)`,
  );

  // A 20-test submission: one container compiling once, against one container per test.
  const submissions = {
    cpp: '#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << "\\n"; }',
    python: "a, b = map(int, input().split())\nprint(a + b)",
  };
  console.log("\n## 20-test submission (sum of two numbers)");
  console.log(
    `${"language".padEnd(12)} ${"one container".padStart(14)} ${"container per test".padStart(20)} ratio`,
  );
  for (const [language, code] of Object.entries(submissions)) {
    const tests = Array.from({ length: 20 }, (_, i) => ({
      id: `t${i}`,
      stdin: `${i} ${i * 7}\n`,
      expected: `${i * 8}\n`,
    }));
    await warmPool();
    const whole = await apiRun({ language, code, tests });
    if (whole.result.status !== "accepted") throw new Error(JSON.stringify(whole.result));
    await warmPool();
    let perTest = 0;
    for (const test of tests) {
      const one = await apiRun({ language, code, tests: [test] });
      if (one.result.status !== "accepted") throw new Error(JSON.stringify(one.result));
      perTest += one.ms;
    }
    console.log(
      `${language.padEnd(12)} ${`${whole.ms.toFixed(0)} ms`.padStart(14)} ${`${perTest.toFixed(0)} ms`.padStart(20)} ${(perTest / whole.ms).toFixed(1)}x`,
    );
  }

  await service.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
