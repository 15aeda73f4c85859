import type { Server } from "node:http";
import pino, { type Logger } from "pino";
import type { ServiceSettings } from "./config.js";
import { createApp } from "./http/app.js";
import { createSandbox, type Readiness, type Sandbox } from "./runner/sandbox.js";

export interface RunningService {
  url: string;
  sandbox: Sandbox;
  readiness: Readiness;
  /**
   * Drains: new runs get 503 `node_draining` and `/readyz` 503 while the accepted runs finish
   * (at most `drainSeconds`, then their containers are removed); then the server and pool close.
   */
  close(): Promise<void>;
  /** Removes this process's containers and stops listening, without waiting for runs. */
  abort(): Promise<void>;
}

/** Starts the sandbox HTTP service; shared by `codeground-sandbox serve` and the root `npm start`. */
export async function startSandboxService(
  settings: ServiceSettings,
  logger?: Logger,
): Promise<RunningService> {
  if (!settings.token) {
    throw new Error("SANDBOX_TOKEN is required: set it to a random string of at least 16 characters.");
  }
  const log = logger ?? pino({ level: settings.logLevel, name: "codeground-sandbox" });
  const sandbox = await createSandbox({ config: settings.config, logger: log });
  const app = createApp({
    sandbox,
    token: settings.token,
    ...(settings.previousToken ? { previousToken: settings.previousToken } : {}),
    logger: log,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(settings.port, settings.host, () => resolve(s));
    s.once("error", reject);
  });
  const readiness = await sandbox.readiness();
  const url = `http://${settings.host}:${settings.port}`;
  log.info({ url, runtime: settings.config.runtime }, "sandbox listening");
  return {
    url,
    sandbox,
    readiness,
    async close() {
      // The server keeps listening while draining, so callers hear 503 rather than a refused connection.
      await sandbox.close({ graceMs: (settings.drainSeconds ?? 60) * 1000 });
      await stopListening(server);
    },
    async abort() {
      await sandbox.removeContainers();
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Lets the last answers go out, then closes every connection (keep-alive ones would hold `close` open). */
async function stopListening(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 2000);
  force.unref();
  await closed;
  clearTimeout(force);
}
