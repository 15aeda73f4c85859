#!/usr/bin/env node
import { mkdtempSync, rmSync } from "node:fs";
// The tutor's overhead: time to first token and total time of a streamed reply through the
// platform API (session, conversation, context, the vault key opened, the LLM gateway, SSE) versus
// the same loopback model server called directly with the same `openai` client, in the same run.
// Also the CPU time one message costs this process each way (client, model server and, through the
// API, the platform API itself): the difference is the API's own work per message, a figure less
// noisy than latency on a busy machine. Prints figures; asserts nothing.
//   npm run bench:chat          (root; builds first)    CHAT_ROUNDS=100 to change the sample size
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import pino from "pino";
import { createApp } from "../dist/app.js";
import { createDatabase } from "../dist/db/connection.js";
import { migrateLatest } from "../dist/db/migrate.js";
import { createLocalKms, createVault } from "../dist/kms/index.js";
import { loadAuditKey } from "../dist/services/audit/audit-key.js";
import { systemClock } from "../dist/services/shared/clock.js";
import { createLlmGateway } from "../dist/services/tutor/llm/index.js";

const ROUNDS = Number(process.env.CHAT_ROUNDS ?? 40);
const TOKENS = 20;
const FIRST_TOKEN_MS = 30; // the model "thinking"
const TOKEN_GAP_MS = 5;
const KEY = "sk-bench-chat-0123456789abcdef";

// --- a model server on loopback: OpenAI chat-completions, streamed -----------------------------
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const model = createServer(async (req, res) => {
  for await (const _ of req);
  if (req.headers.authorization !== `Bearer ${KEY}`) {
    res.writeHead(401, { "Content-Type": "application/json" });
    return res.end(JSON.stringify({ error: { message: "invalid key" } }));
  }
  res.writeHead(200, { "Content-Type": "text/event-stream" });
  const chunk = (delta, extra = {}) =>
    `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "bench", choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
  await sleep(FIRST_TOKEN_MS);
  for (let i = 0; i < TOKENS; i++) {
    res.write(chunk({ content: `tok${i} ` }));
    await sleep(TOKEN_GAP_MS);
  }
  res.write(
    `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "bench", choices: [], usage: { prompt_tokens: 50, completion_tokens: TOKENS, total_tokens: 50 + TOKENS } })}\n\n`,
  );
  res.end("data: [DONE]\n\n");
});
await new Promise((r) => model.listen(0, "127.0.0.1", r));
const modelUrl = `http://127.0.0.1:${model.address().port}/v1`;

// --- the platform API --------------------------------------------------------------------------
const dataDir = mkdtempSync(path.join(os.tmpdir(), "cg-bench-chat-"));
const db = createDatabase(`sqlite://${path.join(dataDir, "codeground.db")}`);
await migrateLatest(db);
const secrets = createVault(await createLocalKms({ dir: path.join(dataDir, "kms") }));
const logger = pino({ level: "silent" });
const app = createApp({
  db,
  secrets,
  auditKey: await loadAuditKey(db, secrets),
  logger,
  config: { publicUrl: "http://127.0.0.1", secureCookies: false },
  allowPrivateProviderUrls: [new URL(modelUrl).origin],
  llm: createLlmGateway({
    db,
    secrets,
    clock: systemClock,
    logger,
    allowPrivateProviderUrls: [new URL(modelUrl).origin],
  }),
  chat: { messagesPerMinute: 100_000 },
});
const server = await new Promise((resolve) => {
  const s = app.listen(0, "127.0.0.1", () => resolve(s));
});
const api = `http://127.0.0.1:${server.address().port}/api/v1`;

const call = async (method, p, body, token) => {
  const res = await fetch(`${api}${p}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const account = { email: "chat-bench@example.com", password: "a bench passphrase" };
await call("POST", "/auth/signup", account);
// An author (to write the bench's problem); signed in after the role is set, as a role is read at sign-in.
await db("users").where({ email: account.email }).update({ role: "author" });
const { token } = await call("POST", "/auth/login", account);
const key = await call(
  "POST",
  "/keys",
  { name: "bench", provider: "openai-compatible", secret: KEY, baseUrl: modelUrl, model: "bench" },
  token,
);
await call("PUT", "/me/preferences", { keys: { chat: key.id } }, token);
// The tutor is usually about a problem: its title and statement (and the learner's last run, none
// here) go along, which costs the API more reads before the call than a free conversation.
await call(
  "POST",
  "/problems",
  {
    slug: "bench-sum-two",
    title: "Sum two",
    statement: `Read two integers and print their **sum**.\n\n${"Some more words about the input format. ".repeat(40)}`,
    difficulty: "easy",
    visibility: "public",
    languages: ["python"],
    judge: { mode: "stdio", compare: "tokens" },
    tests: [
      { name: "small", input: "1 2\n", expected: "3\n", sample: true },
      { name: "hidden", input: "5 6\n", expected: "11\n" },
    ],
  },
  token,
);
const free = await call("POST", "/chat/conversations", {}, token);
const onProblem = await call("POST", "/chat/conversations", { problemSlug: "bench-sum-two" }, token);

/** One tutor message through the API: time to the first `event: token`, and to `event: done`. */
async function throughApi(conversation, i) {
  const started = performance.now();
  const res = await fetch(`${api}/chat/conversations/${conversation.id}/messages`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ content: `Round ${i}: what should I try first?` }),
  });
  if (!res.ok) throw new Error(`chat message: ${res.status} ${await res.text()}`);
  let first;
  let text = "";
  const decoder = new TextDecoder();
  for await (const bytes of res.body) {
    text += decoder.decode(bytes, { stream: true });
    if (first === undefined && text.includes("event: token")) first = performance.now() - started;
    if (text.includes("event: error")) throw new Error(`chat error: ${text}`);
    if (text.includes("event: done")) break;
  }
  return { first, total: performance.now() - started };
}

/** The same model server, called directly with the same client library. */
const direct = new OpenAI({ apiKey: KEY, baseURL: modelUrl, maxRetries: 0 });
async function directly(i) {
  const started = performance.now();
  let first;
  const stream = await direct.chat.completions.create({
    model: "bench",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: `Round ${i}: what should I try first?` }],
  });
  for await (const chunk of stream) {
    if (first === undefined && chunk.choices[0]?.delta?.content) first = performance.now() - started;
  }
  return { first, total: performance.now() - started };
}

/** Runs one message and adds the CPU time (user + system) this process spent on it. */
async function timed(fn) {
  const before = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(before);
  return { ...result, cpu: (used.user + used.system) / 1000 };
}
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const row = (name, runs) => ({
  name,
  firstP50: pct(
    runs.map((r) => r.first),
    50,
  ),
  firstP95: pct(
    runs.map((r) => r.first),
    95,
  ),
  totalP50: pct(
    runs.map((r) => r.total),
    50,
  ),
  cpuP50: pct(
    runs.map((r) => r.cpu),
    50,
  ),
});

// Warm-up (JIT, connections, the key's data-key cache), then alternate so drift hits all alike.
for (let i = 0; i < 5; i++) {
  await throughApi(free, i);
  await throughApi(onProblem, i);
  await directly(i);
}
const viaFree = [];
const viaProblem = [];
const viaDirect = [];
for (let i = 0; i < ROUNDS; i++) {
  viaFree.push(await timed(() => throughApi(free, i)));
  viaProblem.push(await timed(() => throughApi(onProblem, i)));
  viaDirect.push(await timed(() => directly(i)));
}

const d = row("directly (openai client)", viaDirect);
const rows = [
  [row("API, free conversation", viaFree), viaFree],
  [row("API, problem conversation", viaProblem), viaProblem],
];
console.log(
  `# Tutor benchmark: ${ROUNDS} messages each way, model server on loopback (first token after ${FIRST_TOKEN_MS} ms, ${TOKENS} tokens ${TOKEN_GAP_MS} ms apart)`,
);
console.log(
  `${"".padEnd(28)} ${"first token p50".padStart(16)} ${"p95".padStart(8)} ${"total p50".padStart(10)} ${"CPU/message p50".padStart(16)}`,
);
for (const r of [d, ...rows.map(([r]) => r)]) {
  console.log(
    `${r.name.padEnd(28)} ${`${r.firstP50.toFixed(1)} ms`.padStart(16)} ${`${r.firstP95.toFixed(1)} ms`.padStart(8)} ${`${r.totalP50.toFixed(1)} ms`.padStart(10)} ${`${r.cpuP50.toFixed(1)} ms`.padStart(16)}`,
  );
}
// Each API message against the direct one run in the same round: drift and noise hit them alike.
for (const [a, runs] of rows) {
  const pairedFirst = pct(
    runs.map((r, i) => r.first - viaDirect[i].first),
    50,
  );
  console.log(
    `added by the API (${a.name.slice(5)}): first token ${(a.firstP50 - d.firstP50).toFixed(1)} ms (p50; paired p50 ${pairedFirst.toFixed(1)} ms), total ${(a.totalP50 - d.totalP50).toFixed(1)} ms (p50), CPU ${(a.cpuP50 - d.cpuP50).toFixed(1)} ms a message`,
  );
}
console.log("goal: under 5 ms added to the first token (p50), both conversations");

await new Promise((r) => server.close(r));
await app.close();
await db.destroy();
await new Promise((r) => model.close(r));
rmSync(dataDir, { recursive: true, force: true });
