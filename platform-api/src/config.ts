import { isIP } from "node:net";
import path from "node:path";
import { readSecretFiles } from "@codeground/sandbox";
import { z } from "zod";
import { parsePrivateOrigin } from "./services/vault/private-origins.js";

const list = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );

/**
 * `TRUST_PROXY`: how many reverse proxies stand in front, 0 (the default) for none. A count, not
 * `true`: with `true` the address would be the left-most `X-Forwarded-For` entry, which any
 * client writes itself.
 */
const proxyHops = z
  .string()
  .default("0")
  .transform((s) => s.trim() || "0")
  .pipe(
    z
      .string()
      .regex(
        /^\d{1,2}$/,
        "the number of reverse proxies in front of the API (0 for none, at most 10), not true or false",
      )
      .transform(Number)
      .pipe(z.number().max(10, "at most 10 proxies")),
  );

const plainUrl = z.string().url();

/**
 * What is wrong with one `SANDBOX_URLS` entry, if anything: a URL, or `dns+http(s)://name:port`
 * naming a host to look up (not an address) and the nodes' port, and nothing else.
 */
function sandboxUrlProblem(entry: string): string | undefined {
  if (!entry.startsWith("dns+")) {
    return plainUrl.safeParse(entry).success ? undefined : "must be a URL such as http://10.0.0.5:7070";
  }
  const example = "such as dns+http://tasks.sandbox:7070";
  let u: URL;
  try {
    u = new URL(entry.slice("dns+".length));
  } catch {
    return `a dns+ entry must be dns+http://<name>:<port> or dns+https://<name>:<port>, ${example}`;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `dns+ takes http or https, ${example}`;
  if (isIP(u.hostname.replace(/^\[|\]$/g, ""))) {
    return "a dns+ entry names a host to look up, not an address; write a single node as http://<address>:<port>";
  }
  // The URL parser drops a port that is the scheme's default; it was still written.
  if (!u.port && !/:\d+\/?$/.test(entry)) return `a dns+ entry needs the nodes' port, ${example}`;
  if (u.username || u.password || u.search || u.hash || (u.pathname !== "/" && u.pathname !== "")) {
    return `a dns+ entry is a scheme, a name and a port, nothing else, ${example}`;
  }
  return undefined;
}

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: z.string().default("data"),
  DATABASE_URL: z.string().optional(),
  KMS_PROVIDER: z.enum(["local", "aws"]).default("local"),
  /** Local KMS: the file listing the master keys (a Docker secret), instead of `DATA_DIR/kms`. */
  KMS_MASTER_KEY_FILE: z
    .string()
    .optional()
    .transform((s) => s || undefined),
  KMS_KEY_ID: z.string().optional(),
  AWS_REGION: z.string().optional(),
  AWS_ENDPOINT_URL_KMS: z.string().url().optional(),
  SANDBOX_URL: z
    .string()
    .url()
    .refine((s) => !s.startsWith("dns+"), "dns+ entries (one node per address) go in SANDBOX_URLS")
    .optional(),
  /**
   * Several sandbox nodes, comma-separated; the API spreads runs over them. A `dns+http://name:port`
   * entry is every address `name` resolves to, looked up again at every health check.
   */
  SANDBOX_URLS: list.transform((entries, ctx) =>
    entries.filter((entry, i) => {
      const problem = sandboxUrlProblem(entry);
      if (problem) ctx.addIssue({ code: "custom", message: `entry ${i + 1}: ${problem}` });
      return !problem;
    }),
  ),
  /** How long a submission waits for a sandbox node to answer before it ends as `internal_error`. */
  JUDGE_WAIT_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(10),
  SANDBOX_TOKEN: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  ALLOW_PRIVATE_PROVIDER_URLS: list.transform((entries, ctx) =>
    entries.flatMap((entry, i) => {
      const parsed = parsePrivateOrigin(entry, i + 1);
      if (parsed.ok) return [parsed.origin];
      ctx.addIssue({ code: "custom", message: parsed.message });
      return [];
    }),
  ),
  TRUST_PROXY: proxyHops,
  /** Empty means unset (metrics off); a set one must be long enough not to be guessed. */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((s) => s || undefined)
    .pipe(
      z
        .string()
        .regex(/^\S{16,}$/, "at least 16 characters, no spaces (e.g. `openssl rand -hex 32`)")
        .optional(),
    ),
  RATE_LIMIT_REDIS_URL: z.string().url().optional(),
  SUBMISSION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  EXECUTIONS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  EMBED_SESSIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(300),
  EMBED_SESSIONS_PER_EMBED: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  LLM_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  LLM_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  /** On SIGTERM, how long `serve` keeps answering before it stops taking connections. */
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  /**
   * Where mail goes: `smtp://user:pass@host:587` (STARTTLS when offered; `?requireTLS=true` insists),
   * `smtps://…:465` (TLS). Unset: each message is an `.eml` file in `DATA_DIR/outbox`.
   */
  SMTP_URL: z
    .string()
    .optional()
    .transform((s) => s || undefined)
    .pipe(
      z
        .string()
        .url()
        .refine((s) => /^smtps?:$/.test(new URL(s).protocol), "must start with smtp:// or smtps://")
        .optional(),
    ),
  /** The sender: `Codeground <no-reply@example.com>`, or a bare address; one line. */
  MAIL_FROM: z
    .string()
    .default("Codeground <no-reply@codeground.invalid>")
    .refine(
      (s) => /^(?:[^<>"\p{Cc}]{1,100} <[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/u.test(s),
      "one sender on one line: `Name <address@example.com>` or `address@example.com`",
    ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface ApiConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  kms: {
    provider: "local" | "aws";
    /** Local KMS: one file of master keys, the current first; else key files in `DATA_DIR/kms`. */
    masterKeyFile?: string;
    keyId?: string;
    region?: string;
    endpoint?: string;
  };
  /** One node (`url`), several (`urls`), or neither (in-process); never both. */
  sandbox: { url?: string; urls?: string[]; token?: string };
  /**
   * Submissions judged at once by this instance, code runs per minute per user or learner, and
   * how long a submission waits for a sandbox node before it is given up.
   */
  submissions: { concurrency: number; executionsPerMinute: number; judgeWaitMs: number };
  /** Learner sessions started per 10 minutes from one client address, and for one embed. */
  embedSessions: { perAddress: number; perEmbed: number };
  /** The origin the portal is served from: cookie-session writes must come from it. */
  publicUrl: string;
  /** Origins (`scheme://host:port`) users' provider and webhook URLs may reach although private. */
  allowPrivateProviderUrls: string[];
  /** Reverse proxies in front whose `X-Forwarded-For` entries are believed (0: none). */
  trustProxy: number;
  /** The bearer token Prometheus sends for `/metrics`; unset: `/metrics` answers 404. */
  metricsToken: string | undefined;
  /** Redis for brute-force counters shared across instances; memory when unset. */
  rateLimitRedisUrl: string | undefined;
  /** How long a resolved session or token is trusted without a database read; 0 turns it off. */
  authCacheTtlMs: number;
  logLevel: string;
  /** Mail: an SMTP server, or `.eml` files in `DATA_DIR/outbox` without one; and the sender. */
  mail: { smtpUrl?: string; from: string };
  /**
   * On SIGTERM, seconds to go on serving first: behind a proxy that caches the instances'
   * addresses (the fleet's edge re-reads DNS every 2 s), requests still sent here are answered.
   */
  shutdownDelaySeconds: number;
  /** The tutor's provider calls: wait for the first token, and between two tokens of a reply. */
  llm: { firstTokenTimeoutMs: number; idleTimeoutMs: number };
  /** Cookies get `Secure` unless the public URL is plain http on loopback (local development). */
  secureCookies: boolean;
}

/** The settings that carry a secret: each may instead be read from a file named by `<NAME>_FILE`. */
export const SECRET_SETTINGS = [
  "DATABASE_URL",
  "SANDBOX_TOKEN",
  "METRICS_TOKEN",
  "RATE_LIMIT_REDIS_URL",
  "SMTP_URL",
] as const;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const secrets = readSecretFiles(env, SECRET_SETTINGS);
  if (secrets.problems.length > 0) {
    throw new Error(`Invalid platform-api settings: ${secrets.problems.join("; ")}`);
  }
  const parsed = Env.safeParse(secrets.env);
  if (!parsed.success) {
    const name = (key: string) => (secrets.fromFile.has(key) ? `${key} (read from ${key}_FILE)` : key);
    const problems = parsed.error.issues.map((i) => `${name(i.path.join("."))}: ${i.message}`).join("; ");
    throw new Error(`Invalid platform-api settings: ${problems}`);
  }
  const e = parsed.data;
  if (e.SANDBOX_URL && e.SANDBOX_URLS.length > 0) {
    throw new Error(
      "Invalid platform-api settings: SANDBOX_URL and SANDBOX_URLS are both set; use SANDBOX_URLS alone for several sandbox nodes, or SANDBOX_URL alone for one.",
    );
  }
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    kms: {
      provider: e.KMS_PROVIDER,
      ...(e.KMS_MASTER_KEY_FILE ? { masterKeyFile: path.resolve(e.KMS_MASTER_KEY_FILE) } : {}),
      keyId: e.KMS_KEY_ID,
      region: e.AWS_REGION,
      endpoint: e.AWS_ENDPOINT_URL_KMS,
    },
    sandbox: {
      url: e.SANDBOX_URL,
      ...(e.SANDBOX_URLS.length > 0 ? { urls: e.SANDBOX_URLS } : {}),
      token: e.SANDBOX_TOKEN,
    },
    submissions: {
      concurrency: e.SUBMISSION_CONCURRENCY,
      executionsPerMinute: e.EXECUTIONS_PER_MINUTE,
      judgeWaitMs: Math.round(e.JUDGE_WAIT_MINUTES * 60_000),
    },
    embedSessions: { perAddress: e.EMBED_SESSIONS_PER_ADDRESS, perEmbed: e.EMBED_SESSIONS_PER_EMBED },
    publicUrl,
    allowPrivateProviderUrls: e.ALLOW_PRIVATE_PROVIDER_URLS,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    rateLimitRedisUrl: e.RATE_LIMIT_REDIS_URL,
    authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
    logLevel: e.LOG_LEVEL,
    mail: { ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}), from: e.MAIL_FROM },
    shutdownDelaySeconds: e.SHUTDOWN_DELAY_SECONDS,
    llm: { firstTokenTimeoutMs: e.LLM_FIRST_TOKEN_TIMEOUT_MS, idleTimeoutMs: e.LLM_IDLE_TIMEOUT_MS },
    secureCookies: isSecureOrigin(publicUrl),
  };
}

function isSecureOrigin(url: string): boolean {
  const u = new URL(url);
  return u.protocol === "https:" || !["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
}
