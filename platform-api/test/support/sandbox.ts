import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import {
  createSandbox,
  createApp as createSandboxApp,
  createSandboxClient,
  imageTag,
  loadManifests,
  type Sandbox,
  type SandboxRunner,
} from "@codeground/sandbox";
import Docker from "dockerode";
import pino from "pino";
import { describe } from "vitest";

/**
 * Suites that judge code need a Docker engine and the language images. They skip on a machine
 * without them, but fail in CI: CG_REQUIRE_DOCKER=1 (or CI=true) turns "Docker missing" into an error.
 */
export const dockerRequired = process.env.CG_REQUIRE_DOCKER === "1" || process.env.CI === "true";

async function dockerStatus(): Promise<{ ok: boolean; reason?: string }> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch {
    return { ok: false, reason: "no Docker engine answers" };
  }
  for (const id of (await loadManifests()).keys()) {
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

export interface TestSandboxService {
  url: string;
  token: string;
  sandbox: Sandbox;
  /** The HTTP client, as platform-api uses it with SANDBOX_URL. */
  client: SandboxRunner;
  close(): Promise<void>;
  /** Drops every connection at once, as a crashed service would, then shuts down. */
  kill(): Promise<void>;
}

/** A real sandbox service on a loopback port (real HTTP between the services). */
export async function startSandboxService(
  options: { port?: number; token?: string } = {},
): Promise<TestSandboxService> {
  const token = options.token ?? randomBytes(24).toString("hex");
  const logger = pino({ level: "silent" });
  const sandbox = await createSandbox({ config: { poolSize: 1 }, logger });
  const app = createSandboxApp({ sandbox, token, logger });
  const server = app.listen(options.port ?? 0, "127.0.0.1");
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
    async kill() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await sandbox.close();
    },
  };
}
