import { randomBytes } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
import Docker from "dockerode";
import pino from "pino";
import { describe } from "vitest";
import {
  createApp,
  createSandbox,
  createSandboxClient,
  imageTag,
  loadManifests,
  type Sandbox,
  type SandboxConfig,
  type SandboxRunner,
} from "../src/index.js";

/**
 * Docker-backed suites skip on a machine without an engine or images, but fail in CI:
 * CG_REQUIRE_DOCKER=1 turns "Docker missing" into an error, so a skip never passes for green.
 */
export const dockerRequired = process.env.CG_REQUIRE_DOCKER === "1" || process.env.CI === "true";

export async function dockerStatus(): Promise<{ ok: boolean; reason?: string }> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch {
    return { ok: false, reason: "no Docker engine answers" };
  }
  const manifests = await loadManifests();
  // `LANGUAGES=go,rust` narrows the language suites to those, and what they need to those images.
  const only = process.env.LANGUAGES?.split(",").map((s) => s.trim());
  for (const id of [...manifests.keys()].filter((id) => !only || only.includes(id))) {
    const present = await docker
      .getImage(imageTag(id))
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (!present) return { ok: false, reason: `image ${imageTag(id)} is missing (npm run sandbox:images)` };
  }
  return { ok: true };
}

const status = await dockerStatus();
if (!status.ok && dockerRequired) {
  throw new Error(`Docker-backed tests cannot run: ${status.reason}. CI requires them.`);
}

/** `describe` for suites that need a Docker engine and the language images. */
export const describeDocker: typeof describe = status.ok
  ? describe
  : (((name: string, fn: () => void) =>
      describe.skip(`${name} (skipped: ${status.reason})`, fn)) as typeof describe);

/**
 * A port nothing listens on: the kernel picks one, then it is let go. `host` 0.0.0.0 for a port
 * that must be free on every interface (a port Docker publishes).
 */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The runtime under test: SANDBOX_RUNTIME=runsc runs the same suites under gVisor. */
export const runtime = process.env.SANDBOX_RUNTIME === "runsc" ? "runsc" : "runc";

export interface Service {
  url: string;
  token: string;
  sandbox: Sandbox;
  client: SandboxRunner;
  close(): Promise<void>;
}

/**
 * The real service on a loopback port, with a real sandbox behind it. Only Python is kept warm
 * from the start unless `warmLanguages` says otherwise (the others warm from their first run).
 */
export async function startService(config: Partial<SandboxConfig> = {}): Promise<Service> {
  const token = randomBytes(24).toString("hex");
  const logger = pino({ level: "silent" });
  const sandbox = await createSandbox({
    config: { runtime, poolSize: 1, warmLanguages: ["python"], ...config },
    logger,
  });
  const app = createApp({ sandbox, token, logger });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    token,
    sandbox,
    client: createSandboxClient({ url, token }),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}

/** Containers this test process created that have stopped but still exist: there must be none. */
export async function leftoverContainers(): Promise<string[]> {
  const docker = new Docker();
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`codeground.sandbox.pid=${process.pid}`], status: ["exited", "dead"] },
  });
  return list.map((c) => c.Id);
}

/** Waits until used containers are removed (removal runs in the background after each run). */
export async function expectNoLeftovers(timeoutMs = 15_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  let left = await leftoverContainers();
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    left = await leftoverContainers();
  }
  return left;
}
