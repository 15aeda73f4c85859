import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "cg-config-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file as Docker writes a secret: the value, usually with a line break after it. */
function secretFile(name: string, content: string | Buffer, mode = 0o400): string {
  const file = path.join(dir, name);
  writeFileSync(file, content, { mode });
  return file;
}

/** The message configFromEnv throws, or a failure when it does not throw. */
function refusal(env: NodeJS.ProcessEnv): string {
  try {
    configFromEnv(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("configFromEnv accepted the settings");
}

describe("secret settings read from files (<NAME>_FILE)", () => {
  const token = "sandbox-token-0123456789abcdef";
  const metrics = "metrics-token-0123456789abcdef";
  const database = "postgres://codeground:s3cret-pw@db:5432/codeground";
  const redis = "redis://:r3dis-pw@redis:6379/0";

  it("reads DATABASE_URL, SANDBOX_TOKEN, METRICS_TOKEN and RATE_LIMIT_REDIS_URL from their files, dropping the trailing line break", () => {
    const config = configFromEnv({
      DATABASE_URL_FILE: secretFile("database_url", `${database}\n`),
      SANDBOX_URLS: "http://10.0.0.5:7070",
      SANDBOX_TOKEN_FILE: secretFile("sandbox_token", `${token}\r\n`),
      METRICS_TOKEN_FILE: secretFile("metrics_token", metrics),
      RATE_LIMIT_REDIS_URL_FILE: secretFile("redis_url", `${redis}\n\n`, 0o444),
    });
    expect(config.databaseUrl).toBe(database);
    expect(config.sandbox.token).toBe(token);
    expect(config.metricsToken).toBe(metrics);
    expect(config.rateLimitRedisUrl).toBe(redis);
  });

  it("reads a file only for a secret setting: HOST_FILE and PORT_FILE change nothing", () => {
    const config = configFromEnv({
      HOST_FILE: secretFile("host", "0.0.0.0\n"),
      PORT_FILE: secretFile("port", "9999\n"),
      PORT: "8081",
    });
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(8081);
  });

  it("refuses a setting given both ways, naming both variables and no value", () => {
    const message = refusal({ SANDBOX_TOKEN: token, SANDBOX_TOKEN_FILE: secretFile("both", `${token}\n`) });
    expect(message).toMatch(/^Invalid platform-api settings: /);
    expect(message).toContain("SANDBOX_TOKEN and SANDBOX_TOKEN_FILE are both set");
    expect(message).not.toContain(token);
  });

  it("takes the file when the variable itself is empty, as an orchestrator leaves it", () => {
    const config = configFromEnv({ METRICS_TOKEN: "", METRICS_TOKEN_FILE: secretFile("m2", `${metrics}\n`) });
    expect(config.metricsToken).toBe(metrics);
  });

  it("refuses a missing file, a folder, an empty file, a file of several lines and an oversized one, naming the variable and the path only", () => {
    const missing = path.join(dir, "nope");
    expect(refusal({ DATABASE_URL_FILE: missing })).toBe(
      `Invalid platform-api settings: DATABASE_URL_FILE: ${missing} does not exist`,
    );
    expect(refusal({ SANDBOX_TOKEN_FILE: dir })).toContain(
      `SANDBOX_TOKEN_FILE: ${dir} is not a regular file`,
    );
    const empty = secretFile("empty", "\n");
    expect(refusal({ METRICS_TOKEN_FILE: empty })).toContain(`METRICS_TOKEN_FILE: ${empty} is empty`);

    const twoLines = secretFile("two-lines", `${token}\nsecond-line-secret\n`);
    const message = refusal({ SANDBOX_TOKEN_FILE: twoLines });
    expect(message).toContain(`SANDBOX_TOKEN_FILE: ${twoLines} holds more than one line`);
    expect(message).not.toContain(token);
    expect(message).not.toContain("second-line-secret");

    const huge = secretFile("huge", Buffer.alloc(70 * 1024, "a"));
    expect(refusal({ RATE_LIMIT_REDIS_URL_FILE: huge })).toContain(
      `RATE_LIMIT_REDIS_URL_FILE: ${huge} is larger than 64 KiB`,
    );
  });

  it("reports every file problem at once", () => {
    const message = refusal({
      DATABASE_URL_FILE: path.join(dir, "missing-a"),
      METRICS_TOKEN_FILE: path.join(dir, "missing-b"),
    });
    expect(message).toMatch(/DATABASE_URL_FILE: .*missing-a does not exist; METRICS_TOKEN_FILE: .*missing-b/);
  });

  it("validates a value read from a file like one set directly, saying where it came from and not what it is", () => {
    const short = secretFile("short-metrics", "tooshort\n");
    const message = refusal({ METRICS_TOKEN_FILE: short });
    expect(message).toContain("METRICS_TOKEN (read from METRICS_TOKEN_FILE): at least 16 characters");
    expect(message).not.toContain("tooshort");

    const notUrl = secretFile("bad-redis", "r3dis-pw-not-a-url\n");
    const redisMessage = refusal({ RATE_LIMIT_REDIS_URL_FILE: notUrl });
    expect(redisMessage).toContain("RATE_LIMIT_REDIS_URL (read from RATE_LIMIT_REDIS_URL_FILE)");
    expect(redisMessage).not.toContain("r3dis-pw");
  });
});

describe("SHUTDOWN_DELAY_SECONDS", () => {
  it("is 0 unless set, takes seconds up to 120, and refuses anything else", () => {
    expect(configFromEnv({}).shutdownDelaySeconds).toBe(0);
    expect(configFromEnv({ SHUTDOWN_DELAY_SECONDS: "5" }).shutdownDelaySeconds).toBe(5);
    for (const bad of ["-1", "121", "soon"]) {
      expect(() => configFromEnv({ SHUTDOWN_DELAY_SECONDS: bad })).toThrow(/SHUTDOWN_DELAY_SECONDS/);
    }
  });
});
