// deploy/stack.yml on a real single-node Docker Swarm: the stack deploys from the images `npm run
// images` built, a learner signs up and is judged through the edge, the API scales 1 → 3 → 1 with
// no failed request, a rolling update loses none, a sandbox task killed with SIGKILL is restarted
// by Swarm and the next submission is judged, and removing the stack leaves the engine as it was
// (the swarm too, when this test made it).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerRequired, dockerStatus, freePort } from "../../sandbox/test/helpers.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const STACK_FILE = path.join(root, "deploy", "stack.yml");
const IMAGES = [
  "codeground/platform-api",
  "codeground/sandbox-node",
  "codeground/postgres",
  "codeground/redis",
  "codeground/edge",
];

async function docker(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 180_000) {
  try {
    const { stdout } = await exec("docker", args, {
      env: { ...process.env, ...env },
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`docker ${args.join(" ")} failed: ${e.stderr?.trim() || e.message}`);
  }
}

async function prerequisites(): Promise<string | undefined> {
  const status = await dockerStatus();
  if (!status.ok) return status.reason;
  for (const image of IMAGES) {
    const present = await docker(["image", "inspect", "--format", "{{.Id}}", image]).then(
      () => true,
      () => false,
    );
    if (!present) return `image ${image} is missing (npm run images)`;
  }
  return undefined;
}

const missing = await prerequisites();
if (missing && dockerRequired) throw new Error(`The Swarm test cannot run: ${missing}. CI requires it.`);
const describeSwarm = missing ? describe.skip : describe;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(1000);
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
}

describeSwarm(`deploy/stack.yml on a single-node swarm${missing ? ` (skipped: ${missing})` : ""}`, () => {
  const id = randomBytes(3).toString("hex");
  const stack = `cgswarm${id}`;
  const secrets = `cgswarm${id}`;
  let port = 0;
  let base = "";
  let madeSwarm = false;
  let token = "";
  const env = () => ({
    CODEGROUND_SECRETS: secrets,
    CODEGROUND_PORT: String(port),
    CODEGROUND_PUBLIC_URL: base,
    CODEGROUND_API_REPLICAS: "1",
    CODEGROUND_RUNTIME: "runc",
  });

  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: {
        ...(body ? { "Content-Type": "application/json" } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, body: json as Record<string, unknown> & { [k: string]: unknown } };
  };

  /** Submits array-sum (from the problem bank) and waits for its final verdict. */
  const judge = async (code: string, timeoutMs = 240_000) => {
    const created = await call("POST", "/api/v1/problems/array-sum/submissions", {
      language: "python",
      code,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const submissionId = created.body.id as string;
    return until(`submission ${submissionId} to be judged`, timeoutMs, async () => {
      const res = await call("GET", `/api/v1/submissions/${submissionId}`);
      return res.status === 200 && res.body.state === "done" ? (res.body.verdict as string) : undefined;
    });
  };

  /** Sends `/api/v1/me` requests one after another until `during` settles; counts the answers. */
  const steadyTraffic = async (during: Promise<unknown>) => {
    let done = false;
    const failures: string[] = [];
    let ok = 0;
    const loop = (async () => {
      while (!done) {
        try {
          const res = await call("GET", "/api/v1/me");
          if (res.status === 200) ok++;
          else failures.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        } catch (err) {
          failures.push((err as Error).message);
        }
        await sleep(50);
      }
    })();
    try {
      await during;
    } finally {
      done = true;
      await loop;
    }
    return { ok, failures };
  };

  const runningTasks = async (service: string) => {
    const out = await docker([
      "service",
      "ps",
      `${stack}_${service}`,
      "--filter",
      "desired-state=running",
      "--format",
      "{{.CurrentState}}",
    ]);
    return out.split("\n").filter((l) => l.startsWith("Running")).length;
  };

  beforeAll(async () => {
    const state = await docker(["info", "--format", "{{.Swarm.LocalNodeState}}"]);
    if (state !== "active") {
      await docker(["swarm", "init"]).catch(() => docker(["swarm", "init", "--advertise-addr", "127.0.0.1"]));
      madeSwarm = true;
    }
    // Free on every interface: the edge publishes it on the host.
    port = await freePort("0.0.0.0");
    base = `http://127.0.0.1:${port}`;
    const made = await exec("bash", [path.join(root, "deploy", "secrets.sh"), secrets], { timeout: 60_000 });
    // The script says which secrets it made, never their values.
    expect(made.stdout).toContain(`${secrets}_sandbox_token: created`);
    expect(made.stdout).not.toMatch(/[0-9a-f]{32}/);
    await docker(["stack", "deploy", "--detach=true", "-c", STACK_FILE, stack], env());
    await until("the stack to answer ready through the edge", 300_000, async () => {
      const res = await call("GET", "/readyz");
      return res.status === 200 && res.body.sandbox === true ? true : undefined;
    });
  }, 420_000);

  afterAll(async () => {
    if (!stack) return;
    await docker(["stack", "rm", stack]).catch(() => undefined);
    // Services go first; their containers and the stack's network follow.
    await until("the stack's containers to stop", 180_000, async () => {
      const left = await docker(["ps", "-aq", "--filter", `label=com.docker.stack.namespace=${stack}`]);
      return left === "" ? true : undefined;
    }).catch(() => undefined);
    await until("the stack's network to go", 60_000, async () => {
      const left = await docker([
        "network",
        "ls",
        "-q",
        "--filter",
        `label=com.docker.stack.namespace=${stack}`,
      ]);
      return left === "" ? true : undefined;
    }).catch(() => undefined);
    const volumes = await docker([
      "volume",
      "ls",
      "-q",
      "--filter",
      `label=com.docker.stack.namespace=${stack}`,
    ]);
    if (volumes) await docker(["volume", "rm", "-f", ...volumes.split("\n")]).catch(() => undefined);
    const ours = await docker(["secret", "ls", "-q", "--filter", `name=${secrets}_`]).catch(() => "");
    if (ours) await docker(["secret", "rm", ...ours.split("\n")]).catch(() => undefined);
    if (madeSwarm) await docker(["swarm", "leave", "--force"]).catch(() => undefined);
  }, 300_000);

  it("signs a learner up and judges a solution through the edge, on the stack's PostgreSQL", async () => {
    const account = { email: `swarm-${id}@example.com`, password: "a long passphrase for the swarm" };
    const signup = await call("POST", "/api/v1/auth/signup", account);
    expect(signup.status, JSON.stringify(signup.body)).toBe(202);
    // Judging needs no verified address: sign in straight away.
    const login = await call("POST", "/api/v1/auth/login", account);
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    token = login.body.token as string;
    expect(await judge("def solution(nums):\n    return sum(nums)\n")).toBe("accepted");
    expect(await judge("def solution(nums):\n    return 0\n")).toBe("wrong_answer");
  }, 600_000);

  it("runs the CLI inside an API task with the task's secrets (deploy/README.md's create-admin)", async () => {
    const [task] = (
      await docker(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${stack}_api`])
    ).split("\n");
    expect(task).toBeTruthy();
    const email = `admin-${id}@example.com`;
    const out = await docker([
      "exec",
      task as string,
      "node",
      "/app/platform-api/bin/codeground-api.js",
      "create-admin",
      "--email",
      email,
      "--password",
      "an admin passphrase for the swarm",
    ]);
    expect(out).toContain(email);
    const login = await call("POST", "/api/v1/auth/login", {
      email,
      password: "an admin passphrase for the swarm",
    });
    expect(login.status).toBe(200);
    expect((login.body.user as { role: string }).role).toBe("admin");
  }, 120_000);

  it("records the client address the edge saw, not one a client wrote into X-Forwarded-For", async () => {
    const login = await call(
      "POST",
      "/api/v1/auth/login",
      { email: `swarm-${id}@example.com`, password: "a long passphrase for the swarm" },
      { "X-Forwarded-For": "203.0.113.77" },
    );
    expect(login.status).toBe(200);
    const audit = await call("GET", "/api/v1/audit");
    const events = audit.body.events as { action: string; ip: string | null }[];
    const last = events.find((e) => e.action === "auth.login");
    expect(last?.ip).toBeTruthy();
    expect(last?.ip).not.toBe("203.0.113.77");
    // The edge's own overlay address (10.x) would mean the API ignored X-Forwarded-For altogether.
    expect(last?.ip).not.toMatch(/^(::ffff:)?10\./);
  }, 60_000);

  it("scales the API to 3 replicas and back to 1 with no failed request", async () => {
    const up = await steadyTraffic(
      docker(["service", "scale", "--detach=false", `${stack}_api=3`], {}, 300_000),
    );
    expect(await runningTasks("api")).toBe(3);
    // All three answer: the edge spreads requests over every task DNS names.
    const since = new Date().toISOString();
    for (let i = 0; i < 30; i++) expect((await call("GET", "/api/v1/me")).status).toBe(200);
    const logs = await docker(["service", "logs", "--raw", "--since", since, `${stack}_api`]);
    const hosts = new Set(
      logs
        .split("\n")
        .filter((l) => l.includes('"route":"/api/v1/me"'))
        .map((l) => /"hostname":"([^"]+)"/.exec(l)?.[1]),
    );
    expect(hosts.size).toBe(3);
    const down = await steadyTraffic(
      docker(["service", "scale", "--detach=false", `${stack}_api=1`], {}, 300_000),
    );
    expect(await runningTasks("api")).toBe(1);
    expect(up.failures).toEqual([]);
    expect(down.failures).toEqual([]);
    expect(up.ok + down.ok).toBeGreaterThan(20);
  }, 600_000);

  it("rolls the API over to a new task with no failed request", async () => {
    const before = await docker(["service", "ps", "-q", "--filter", "desired-state=running", `${stack}_api`]);
    const rolled = await steadyTraffic(
      docker(["service", "update", "--detach=false", "--force", `${stack}_api`], {}, 300_000),
    );
    const after = await docker(["service", "ps", "-q", "--filter", "desired-state=running", `${stack}_api`]);
    expect(after).not.toBe(before);
    expect(rolled.failures).toEqual([]);
    expect(rolled.ok).toBeGreaterThan(10);
  }, 600_000);

  it("judges the next submission after a sandbox task is killed and Swarm restarts it", async () => {
    const killed = await docker([
      "ps",
      "-q",
      "--filter",
      `label=com.docker.swarm.service.name=${stack}_sandbox`,
    ]);
    expect(killed).not.toBe("");
    await docker(["kill", "--signal", "KILL", killed]);
    // Submitted while no node answers: it waits for a judge, then is judged by the new task.
    const verdict = await judge("def solution(nums):\n    return sum(nums)\n", 300_000);
    expect(verdict).toBe("accepted");
    const now = await docker([
      "ps",
      "-q",
      "--filter",
      `label=com.docker.swarm.service.name=${stack}_sandbox`,
    ]);
    expect(now).not.toBe("");
    expect(now).not.toBe(killed);
  }, 600_000);
});
