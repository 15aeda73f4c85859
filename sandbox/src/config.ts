import os from "node:os";
import { z } from "zod";
import { readSecretFiles } from "./secret-files.js";

export interface LimitSet {
  timeMs: number;
  memoryMb: number;
  outputKb: number;
}

export interface SandboxConfig {
  runtime: "runc" | "runsc";
  /** Warm containers kept per language. */
  poolSize: number;
  /**
   * The languages kept warm from the start; undefined for all. The others are warmed from their
   * first run on (that run waits for a container to start).
   */
  warmLanguages?: string[];
  /** Containers being started at once to refill the pool (the engine is the bottleneck). */
  startConcurrency: number;
  /** Runs executing at once; the rest wait in the queue. */
  maxConcurrency: number;
  /** Runs allowed to wait; beyond this the sandbox answers 429 with Retry-After. */
  maxQueue: number;
  /** Limits a run gets when it asks for none. */
  defaults: LimitSet;
  /** The most a run may ask for; more is a 400. */
  maximums: LimitSet;
  /** Size of the writable /work tmpfs, in MiB. */
  workDirMb: number;
  /** CPUs one container may use. */
  cpus: number;
}

const cpuCount = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

export const defaultConfig: SandboxConfig = {
  runtime: "runc",
  poolSize: 2,
  startConcurrency: 2,
  maxConcurrency: Math.max(2, cpuCount),
  maxQueue: 100,
  defaults: { timeMs: 2000, memoryMb: 256, outputKb: 64 },
  maximums: { timeMs: 10_000, memoryMb: 1024, outputKb: 1024 },
  workDirMb: 64,
  cpus: 1,
};

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const Env = z.object({
  SANDBOX_PORT: int(1, 65535).default(7070),
  SANDBOX_HOST: z.string().min(1).default("127.0.0.1"),
  SANDBOX_TOKEN: z.string().optional(),
  /** While the token is rotated: the old one, still accepted until every API instance has the new. */
  SANDBOX_PREVIOUS_TOKEN: z
    .string()
    .optional()
    .transform((s) => s || undefined)
    .pipe(z.string().min(16, "at least 16 characters").optional()),
  SANDBOX_RUNTIME: z.enum(["runc", "runsc"]).default(defaultConfig.runtime),
  SANDBOX_POOL_SIZE: int(0, 64).default(defaultConfig.poolSize),
  /** `all` (the default), or a comma list of language ids kept warm from the start. */
  SANDBOX_WARM_LANGUAGES: z
    .string()
    .trim()
    .default("all")
    .transform((s) =>
      s === "all"
        ? undefined
        : s
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, "use language ids such as python,go")).optional()),
  SANDBOX_START_CONCURRENCY: int(1, 64).default(defaultConfig.startConcurrency),
  SANDBOX_MAX_CONCURRENCY: int(1, 256).default(defaultConfig.maxConcurrency),
  SANDBOX_MAX_QUEUE: int(0, 100_000).default(defaultConfig.maxQueue),
  SANDBOX_MAX_TIME_MS: int(100, 600_000).default(defaultConfig.maximums.timeMs),
  SANDBOX_MAX_MEMORY_MB: int(16, 65_536).default(defaultConfig.maximums.memoryMb),
  SANDBOX_MAX_OUTPUT_KB: int(1, 65_536).default(defaultConfig.maximums.outputKb),
  SANDBOX_DRAIN_SECONDS: int(0, 86_400).default(60),
  SANDBOX_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface ServiceSettings {
  port: number;
  host: string;
  token: string | undefined;
  /** A second token accepted while the service token is being rotated. */
  previousToken?: string;
  logLevel: string;
  /** On SIGTERM, how long the node waits for the runs it accepted before removing their containers. */
  drainSeconds: number;
  config: SandboxConfig;
}

/** The settings that carry a secret: each may instead be read from a file named by `<NAME>_FILE`. */
export const SECRET_SETTINGS = ["SANDBOX_TOKEN", "SANDBOX_PREVIOUS_TOKEN"] as const;

/**
 * Reads the service's settings from the environment (a secret also from the file its `_FILE`
 * variable names); throws a readable message on a bad value, never the value of a secret.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceSettings {
  const secrets = readSecretFiles(env, SECRET_SETTINGS);
  if (secrets.problems.length > 0) {
    throw new Error(`Invalid sandbox settings: ${secrets.problems.join("; ")}`);
  }
  const parsed = Env.safeParse(secrets.env);
  if (!parsed.success) {
    const name = (key: string) => (secrets.fromFile.has(key) ? `${key} (read from ${key}_FILE)` : key);
    const problems = parsed.error.issues.map((i) => `${name(i.path.join("."))}: ${i.message}`).join("; ");
    throw new Error(`Invalid sandbox settings: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.SANDBOX_PORT,
    host: e.SANDBOX_HOST,
    token: e.SANDBOX_TOKEN,
    ...(e.SANDBOX_PREVIOUS_TOKEN ? { previousToken: e.SANDBOX_PREVIOUS_TOKEN } : {}),
    logLevel: e.SANDBOX_LOG_LEVEL,
    drainSeconds: e.SANDBOX_DRAIN_SECONDS,
    config: {
      ...defaultConfig,
      runtime: e.SANDBOX_RUNTIME,
      poolSize: e.SANDBOX_POOL_SIZE,
      ...(e.SANDBOX_WARM_LANGUAGES ? { warmLanguages: e.SANDBOX_WARM_LANGUAGES } : {}),
      startConcurrency: e.SANDBOX_START_CONCURRENCY,
      maxConcurrency: e.SANDBOX_MAX_CONCURRENCY,
      maxQueue: e.SANDBOX_MAX_QUEUE,
      maximums: {
        timeMs: e.SANDBOX_MAX_TIME_MS,
        memoryMb: e.SANDBOX_MAX_MEMORY_MB,
        outputKb: e.SANDBOX_MAX_OUTPUT_KB,
      },
    },
  };
}
