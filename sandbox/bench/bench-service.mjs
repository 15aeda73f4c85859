// What the sandbox benchmarks share: the real HTTP service on a loopback port, a timed run through
// it, and percentiles.
import { randomBytes } from "node:crypto";
import pino from "pino";
import { createApp, createSandbox } from "../dist/index.js";

/** The value below which `p` % of `values` fall. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A sandbox with `config` behind its HTTP API; `run(body)` times one `POST /v1/runs`. */
export async function startBenchService(config) {
  const token = randomBytes(24).toString("hex");
  const logger = pino({ level: "silent" });
  const sandbox = await createSandbox({ config, logger });
  const server = createApp({ sandbox, token, logger }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${server.address().port}/v1/runs`;
  return {
    sandbox,
    async run(body) {
      const started = performance.now();
      const response = await fetch(url, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const result = await response.json();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(result)}`);
      return { ms: performance.now() - started, result };
    },
    async close() {
      await new Promise((r) => server.close(r));
      await sandbox.close();
    },
  };
}
