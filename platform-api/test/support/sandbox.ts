import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import {
  createSandbox,
  createApp as createSandboxApp,
  createSandboxClient,
  type Sandbox,
  type SandboxRunner,
} from "@codeground/sandbox";
import pino from "pino";

// Suites that judge code need a Docker engine and the language images: the sandbox package's own
// check, so both packages skip (locally) or fail (CI) for the same reasons.
export { describeDocker, dockerRequired, freePort } from "../../../sandbox/test/helpers.js";

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
  // Python warm from the start, as most suites use it; any other language from its first run on.
  const sandbox = await createSandbox({ config: { poolSize: 1, warmLanguages: ["python"] }, logger });
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
