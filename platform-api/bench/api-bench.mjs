#!/usr/bin/env node
// Platform API benchmark: autocannon (100 connections) against GET /api/v1/keys and
// POST /api/v1/auth/login, beside a bare Koa hello-world route served by the same process,
// measured in the same run. Prints figures; asserts nothing.
//   npm run bench:api                (root)   options: --seconds 10 --connections 100
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "100" } },
});
const duration = Number(values.seconds);
const connections = Number(values.connections);

const server = spawn(process.execPath, [new URL("./servers.mjs", import.meta.url).pathname], {
  stdio: ["ignore", "pipe", "inherit"],
});
const [line] = await once(createInterface({ input: server.stdout }), "line");
const env = JSON.parse(line);

/** The server process's CPU time so far (user + system), in ms: from /proc, where there is one. */
function serverCpuMs() {
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

// req/s swings with whatever else the machine runs; CPU time per request is steadier, so both.
async function measure(name, opts) {
  // Warm-up, not measured: JIT, prepared statements and the credential cache settle first.
  await autocannon({ connections: Math.min(connections, 20), duration: 2, ...opts });
  const cpuBefore = serverCpuMs();
  const result = await autocannon({ connections, duration, ...opts });
  const cpuUs = ((serverCpuMs() - cpuBefore) * 1000) / result.requests.total;
  const non2xx = result.non2xx + result.errors;
  return { name, rps: result.requests.average, p99: result.latency.p99, non2xx, cpuUs };
}

const bare = await measure("bare Koa GET /", { url: env.bareUrl });
const keys = await measure("GET /api/v1/keys", {
  url: `${env.apiUrl}/api/v1/keys`,
  headers: { Authorization: `Bearer ${env.token}` },
});
const login = await measure("POST /api/v1/auth/login", {
  url: `${env.apiUrl}/api/v1/auth/login`,
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ email: env.email, password: env.password }),
});
server.kill();

console.log(
  `# Platform API benchmark (${connections} connections, ${duration} s each, SQLite, ${env.keys} keys listed)`,
);
console.log(
  `${"route".padEnd(28)} ${"req/s".padStart(9)} ${"p99 ms".padStart(8)} ${"non-2xx".padStart(8)}  vs bare  ${"CPU µs/req".padStart(10)}  bare/this`,
);
for (const r of [bare, keys, login]) {
  console.log(
    `${r.name.padEnd(28)} ${r.rps.toFixed(0).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.non2xx).padStart(8)}  ${(r.rps / bare.rps).toFixed(3)}x  ${r.cpuUs.toFixed(0).padStart(10)}  ${(bare.cpuUs / r.cpuUs).toFixed(3)}x`,
  );
}
console.log("goals: GET /keys p99 < 20 ms and >= 0.3x the bare route's req/s");
