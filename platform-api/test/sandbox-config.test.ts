import pino from "pino";
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.js";
import { sandboxFromConfig } from "../src/services/judging/sandbox.js";

describe("sandbox settings", () => {
  it("reads SANDBOX_URLS as a comma list of nodes", () => {
    const config = configFromEnv({
      SANDBOX_URLS: " http://127.0.0.1:7070, http://127.0.0.1:7071 ,",
      SANDBOX_TOKEN: "t",
    });
    expect(config.sandbox.urls).toEqual(["http://127.0.0.1:7070", "http://127.0.0.1:7071"]);
    expect(config.sandbox.url).toBeUndefined();
  });

  it("keeps SANDBOX_URL as the one-node form", () => {
    const config = configFromEnv({ SANDBOX_URL: "http://127.0.0.1:7070", SANDBOX_TOKEN: "t" });
    expect(config.sandbox.url).toBe("http://127.0.0.1:7070");
    expect(config.sandbox.urls).toBeUndefined();
  });

  it("refuses to start with both SANDBOX_URL and SANDBOX_URLS set", () => {
    expect(() =>
      configFromEnv({ SANDBOX_URL: "http://127.0.0.1:7070", SANDBOX_URLS: "http://127.0.0.1:7071" }),
    ).toThrow(/SANDBOX_URL and SANDBOX_URLS are both set/);
  });

  it("refuses an entry of SANDBOX_URLS that is not a URL", () => {
    expect(() => configFromEnv({ SANDBOX_URLS: "http://127.0.0.1:7070,node-b" })).toThrow(/SANDBOX_URLS/);
  });

  it("waits 10 minutes for a judge unless JUDGE_WAIT_MINUTES says otherwise", () => {
    expect(configFromEnv({}).submissions.judgeWaitMs).toBe(600_000);
    expect(configFromEnv({ JUDGE_WAIT_MINUTES: "2" }).submissions.judgeWaitMs).toBe(120_000);
    expect(() => configFromEnv({ JUDGE_WAIT_MINUTES: "-1" })).toThrow(/JUDGE_WAIT_MINUTES/);
  });

  it("makes a pool of SANDBOX_URLS, and asks for the token without printing anything of it", async () => {
    const logger = pino({ level: "silent" });
    await expect(sandboxFromConfig({ urls: ["http://127.0.0.1:9"] }, logger)).rejects.toThrow(
      /SANDBOX_URLS is set but SANDBOX_TOKEN is not/,
    );
    const made = await sandboxFromConfig({ urls: ["http://127.0.0.1:9"], token: "secret-token" }, logger);
    expect(made.kind).toBe("pool");
    await made.close();
  });
});
