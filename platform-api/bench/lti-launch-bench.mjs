// LTI launch overhead: what an LMS launch adds to showing an exercise, against a plain embed frame
// load in the same run. The real platform API from dist on SQLite (local KMS in a temp DATA_DIR),
// the built-in bank, and a minimal LTI platform of its own inside this script (jose: an RSA key,
// its JWKS on loopback, an id_token signed per launch) on `localhost`, another site than the tool
// (127.0.0.1), as an LMS is.
//
// Timed in headless Chromium (/usr/bin/chromium, or CHROMIUM_PATH), from navigation start to the
// exercise's editor shown, one browser context, cache warm after the warm-up, interleaved:
//   plain: a course page on the platform's site with <cg-problem> (widget.js, a learner token the
//          site signed): the frame page, the learner session start, the frame bundle and problem;
//   LTI:   the platform's course page framing the tool's login: GET /lti/login (state and nonce,
//          partitioned cookie) → the platform's auth endpoint (signs the id_token, auto-posts it) →
//          POST /lti/launch (validates it, links the course, starts the learner session, answers
//          the exercise page) → the same frame bundle and problem.
// The same two paths are also timed without a browser (HTTP only: frame page + session start,
// against login + auth answer + launch) to show where the difference comes from.
// Target: the LTI launch's p50 at most 50 ms above the plain embed frame's p50.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import pino from "pino";
import { chromium } from "playwright-core";
import { createApp } from "../dist/app.js";
import { loadBank } from "../dist/bank/index.js";
import { createDatabase } from "../dist/db/connection.js";
import { migrateLatest } from "../dist/db/migrate.js";
import { createLocalKms, createVault } from "../dist/kms/index.js";
import { loadAuditKey } from "../dist/services/audit/audit-key.js";
import { seedBank } from "../dist/services/problems/problem-seed.js";
import { sandboxLanguages } from "../dist/services/problems/problems.js";

const RUNS = Number(process.env.RUNS ?? 60);
const WARMUP = Number(process.env.WARMUP ?? 10);
const TARGET_MS = 50;
const PROBLEM = "array-sum";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const LTI = "https://purl.imsglobal.org/spec/lti/claim/";

const listen = (server, host) =>
  new Promise((resolve) => server.listen(0, host, () => resolve(server.address().port)));
const escapeAttr = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// --- The tool: the real app, PUBLIC_URL its own loopback origin. ---
const dataDir = mkdtempSync(path.join(os.tmpdir(), "cg-lti-bench-"));
const db = createDatabase(`sqlite://${path.join(dataDir, "codeground.db")}`);
await migrateLatest(db);
await seedBank({ db, languages: await sandboxLanguages() }, await loadBank());
const secrets = createVault(await createLocalKms({ dir: path.join(dataDir, "kms") }));
const toolServer = createServer();
const tool = `http://127.0.0.1:${await listen(toolServer, "127.0.0.1")}`;

// --- The platform: its own server, started first so the tool may reach it. ---
const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
const kid = randomUUID();
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] };
const pages = new Map();
let clientId = "";
const deploymentId = "bench-deployment";
const platformServer = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/jwks") {
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(jwks));
  } else if (url.pathname === "/auth") {
    // The OIDC auth endpoint: an id_token for the learner the login hint names, posted back.
    const q = url.searchParams;
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({
      nonce: q.get("nonce"),
      name: "Bench Learner",
      [`${LTI}message_type`]: "LtiResourceLinkRequest",
      [`${LTI}version`]: "1.3.0",
      [`${LTI}deployment_id`]: deploymentId,
      [`${LTI}target_link_uri`]: `${tool}/lti/launch`,
      [`${LTI}resource_link`]: { id: "bench-link", title: "Array sum" },
      [`${LTI}context`]: { id: "bench-course", title: "Bench 101" },
      [`${LTI}roles`]: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
      [`${LTI}custom`]: { codeground_problem: PROBLEM },
    })
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .setIssuer(platform)
      .setSubject(q.get("login_hint") ?? "learner")
      .setAudience(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    const fields = { id_token: idToken, state: q.get("state") ?? "" };
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(
      `<!doctype html><html lang="en"><title>Launching</title><body><form id="f" method="post" action="${escapeAttr(
        q.get("redirect_uri") ?? "",
      )}">${Object.entries(fields)
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeAttr(v)}">`)
        .join("")}</form><script>document.getElementById("f").submit()</script></body></html>`,
    );
  } else if (pages.has(url.pathname)) {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(pages.get(url.pathname)(url));
  } else {
    res.writeHead(404).end();
  }
});
const platform = `http://localhost:${await listen(platformServer, "127.0.0.1")}`;

const app = createApp({
  db,
  secrets,
  auditKey: await loadAuditKey(db, secrets),
  logger: pino({ level: "silent" }),
  config: { publicUrl: tool, secureCookies: false },
  allowPrivateProviderUrls: [platform],
});
toolServer.on("request", app.callback());

const api = async (method, p, body, token) => {
  const res = await fetch(`${tool}/api/v1${p}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json.error ?? json)}`);
  return json;
};
const owner = await api("POST", "/auth/signup", {
  email: "bench@example.edu",
  password: "an lti bench passphrase",
});
clientId = `bench-client-${randomUUID()}`;
await api(
  "POST",
  "/lti/registrations",
  {
    issuer: platform,
    clientId,
    deploymentIds: [deploymentId],
    authLoginUrl: `${platform}/auth`,
    authTokenUrl: `${platform}/token`,
    keysetUrl: `${platform}/jwks`,
  },
  owner.token,
);

const loginUrl = (n) =>
  `${tool}/lti/login?${new URLSearchParams({
    iss: platform,
    login_hint: `learner-${n % 5}`,
    target_link_uri: `${tool}/lti/launch`,
    client_id: clientId,
    lti_deployment_id: deploymentId,
  })}`;

// A first launch links the LMS course to a Codeground course; its embed serves the plain frames.
async function httpLaunch(n) {
  const login = await fetch(loginUrl(n), { redirect: "manual" });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  const auth = await (await fetch(login.headers.get("location"))).text();
  const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(auth)?.[1] ?? "";
  const launch = await fetch(`${tool}/lti/launch`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ id_token: field("id_token"), state: field("state") }),
  });
  const page = await launch.text();
  if (launch.status !== 200 || !page.includes('data-element="problem"'))
    throw new Error(`the launch answered ${launch.status}: ${page.slice(0, 300)}`);
  return page;
}
await httpLaunch(0);
const link = await db("lti_contexts").where({ context_id: "bench-course" }).first("course_id");
const embed = await api(
  "POST",
  `/courses/${link.course_id}/embeds`,
  { name: "Course site", allowedOrigins: [platform] },
  owner.token,
);
const learnerToken = (n) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: `site-learner-${n % 5}`, name: "Bench Learner" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(embed.secretKey));
};

async function httpPlain(n) {
  const frame = await fetch(`${tool}/embed/${embed.publishableKey}/problem?problem=${PROBLEM}`);
  if (frame.status !== 200) throw new Error(`the frame page answered ${frame.status}`);
  await frame.text();
  const session = await fetch(`${tool}/api/v1/embed/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Embed-Key": embed.publishableKey, Origin: platform },
    body: JSON.stringify({ learnerToken: await learnerToken(n) }),
  });
  if (session.status !== 201) throw new Error(`the session start answered ${session.status}`);
  await session.json();
}

// The platform's two course pages, one load each per run.
pages.set(
  "/course/lti",
  (url) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench 101</title></head><body><main><h1>Array sum</h1>
  <iframe id="tool" title="Codeground" src="${escapeAttr(loginUrl(Number(url.searchParams.get("n"))))}" style="width:1000px;height:700px;border:0"></iframe></main></body></html>`,
);
const tokens = new Map();
pages.set(
  "/course/embed",
  (url) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench 101</title>
  <script src="${tool}/widget.js"></script></head><body><main><h1>Array sum</h1>
  <cg-problem id="exercise" embed="${escapeAttr(embed.publishableKey)}" problem="${PROBLEM}"
    learner-token="${escapeAttr(tokens.get(url.searchParams.get("n")) ?? "")}"></cg-problem></main></body></html>`,
);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  // CHROMIUM_ARGS: more switches, for diagnosis (say, site isolation off).
  args: [
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    ...(process.env.CHROMIUM_ARGS ?? "").split(" ").filter(Boolean),
  ],
});
const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
// When the tool's exercise document was asked for: the embed's frame page, or the launch's POST.
let exerciseAsked = 0;
page.on("request", (r) => {
  const { pathname } = new URL(r.url());
  if (pathname === "/lti/launch" || pathname.startsWith("/embed/pk_")) exerciseAsked = performance.now();
});

/**
 * Milliseconds from navigation start to the exercise's editor shown in the tool's frame, and the
 * part of it before the exercise document was asked for (the course page; for LTI also the login
 * and the platform's auth answer, two cross-site navigations of the frame).
 */
async function browserLoad(kind, n) {
  if (kind === "plain") tokens.set(String(n), await learnerToken(n));
  const start = performance.now();
  exerciseAsked = 0;
  await page.goto(`${platform}/course/${kind === "plain" ? "embed" : "lti"}?n=${n}`, { waitUntil: "commit" });
  const frame = page.frameLocator(kind === "plain" ? "#exercise iframe" : "#tool");
  await frame.locator(".cm-content").first().waitFor({ state: "visible", timeout: 30_000 });
  const end = performance.now();
  return { total: end - start, before: exerciseAsked - start };
}

async function timeHttp(fn, n) {
  const start = performance.now();
  await fn(n);
  return performance.now() - start;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (x) => `${x.toFixed(1)} ms`;
const summary = (name, xs) =>
  `${name.padEnd(34)} p50 ${fmt(pct(xs, 50)).padStart(9)}  p95 ${fmt(pct(xs, 95)).padStart(9)}`;

const runs = { browserPlain: [], browserLti: [], httpPlain: [], httpLti: [] };
const before = { browserPlain: [], browserLti: [] };
try {
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // Interleaved, the order alternating, so drift and cache state weigh on both alike.
    const order = i % 2 ? ["lti", "plain"] : ["plain", "lti"];
    for (const kind of order) {
      const { total, before: asked } = await browserLoad(kind, i + 1);
      const key = kind === "plain" ? "browserPlain" : "browserLti";
      if (i >= WARMUP) {
        runs[key].push(total);
        before[key].push(asked);
      }
    }
    const plainMs = await timeHttp(httpPlain, i + 1);
    const ltiMs = await timeHttp(httpLaunch, i + 1);
    if (i >= WARMUP) {
      runs.httpPlain.push(plainMs);
      runs.httpLti.push(ltiMs);
    }
  }
} finally {
  await browser.close();
}
if (errors.length) throw new Error(`page errors: ${errors.join(" | ")}`);

const browserDiff = pct(runs.browserLti, 50) - pct(runs.browserPlain, 50);
const httpDiff = pct(runs.httpLti, 50) - pct(runs.httpPlain, 50);
console.log(`LTI launch overhead, ${RUNS} runs each after ${WARMUP} warm-up runs (SQLite, one process)`);
console.log("Chromium (headless), navigation start → editor shown:");
console.log(`  ${summary("plain embed frame (<cg-problem>)", runs.browserPlain)}`);
console.log(`  ${summary("LTI launch (login → auth → launch)", runs.browserLti)}`);
console.log(
  `  p50 difference ${fmt(browserDiff)} — ${browserDiff <= TARGET_MS ? "within" : "OVER"} the ${TARGET_MS} ms target`,
);
console.log("  of which, before the exercise document is asked for (frame page GET, or the launch POST):");
console.log(`  ${summary("plain: course page", before.browserPlain)}`);
console.log(`  ${summary("LTI: course page, login, auth answer", before.browserLti)}`);
console.log(`  p50 difference ${fmt(pct(before.browserLti, 50) - pct(before.browserPlain, 50))}`);
const after = (key) => runs[key].map((t, i) => t - before[key][i]);
console.log("  and from then to the editor shown:");
console.log(`  ${summary("plain: frame page, session, bundle", after("browserPlain"))}`);
console.log(`  ${summary("LTI: launch, exercise page, bundle", after("browserLti"))}`);
console.log(`  p50 difference ${fmt(pct(after("browserLti"), 50) - pct(after("browserPlain"), 50))}`);
console.log("HTTP only (no browser):");
console.log(`  ${summary("frame page + session start", runs.httpPlain)}`);
console.log(`  ${summary("login + auth answer + launch", runs.httpLti)}`);
console.log(`  p50 difference ${fmt(httpDiff)}`);

await new Promise((resolve) => toolServer.close(resolve));
await new Promise((resolve) => platformServer.close(resolve));
await app.close();
await db.destroy();
rmSync(dataDir, { recursive: true, force: true });
process.exitCode = browserDiff <= TARGET_MS ? 0 : 1;
