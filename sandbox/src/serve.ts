import type { Server } from "node:http";
import pino, { type Logger } from "pino";
import type { ServiceSettings } from "./config.js";
import { createApp } from "./http/app.js";
import { createSandbox, type Readiness, type Sandbox } from "./runner/sandbox.js";

export interface RunningService {
  url: string;
  sandbox: Sandbox;
  readiness: Readiness;
  /** Stops accepting requests, finishes queued runs, removes warm containers. */
  close(): Promise<void>;
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
  const app = createApp({ sandbox, token: settings.token, logger: log });
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
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}
