import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

const required = process.env.CG_REQUIRE_REDIS === "1" || process.env.CI === "true";

function redisServerPath(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Why Redis suites cannot run here, or undefined when they can; in CI a missing server is an error. */
export const redisUnavailable = ((): string | undefined => {
  if (redisServerPath()) return undefined;
  if (required)
    throw new Error(
      "redis-server is not installed, and CI requires the Redis suites (apt-get install redis-server).",
    );
  return "redis-server is not installed";
})();

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A throwaway Redis server on loopback, nothing persisted; `stop()` ends it. */
export async function startRedis(): Promise<{ url: string; client(): Redis; stop(): Promise<void> }> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    redisServerPath() ?? "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  for (let i = 0; i < 50; i++) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined); // refused until the server listens: expected while waiting
    const ok = await probe.connect().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    client() {
      const c = new Redis(url);
      clients.push(c);
      return c;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
      server.kill();
    },
  };
}
