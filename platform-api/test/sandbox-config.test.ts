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

  it("takes dns+http and dns+https entries naming a host and a port, beside plain URLs", () => {
    const config = configFromEnv({
      SANDBOX_URLS: "dns+http://tasks.sandbox:7070, http://10.0.0.9:7070,dns+https://sandbox.internal:443",
      SANDBOX_TOKEN: "t",
    });
    expect(config.sandbox.urls).toEqual([
      "dns+http://tasks.sandbox:7070",
      "http://10.0.0.9:7070",
      "dns+https://sandbox.internal:443",
    ]);
  });

  it("refuses a dns+ entry with another scheme, an address, no port, or anything beyond a name and a port", () => {
    const cases: [string, RegExp][] = [
      ["dns+ftp://tasks.sandbox:7070", /entry 1: dns\+ takes http or https/],
      ["dns+http://10.0.0.5:7070", /entry 1: a dns\+ entry names a host to look up, not an address/],
      ["dns+http://[::1]:7070", /not an address/],
      ["dns+http://tasks.sandbox", /entry 1: a dns\+ entry needs the nodes' port/],
      ["dns+http://tasks.sandbox:7070/v1", /a scheme, a name and a port, nothing else/],
      ["dns+http://user:pw@tasks.sandbox:7070", /a scheme, a name and a port, nothing else/],
      ["dns+http://tasks.sandbox:7070?x=1", /a scheme, a name and a port, nothing else/],
      ["dns+tasks.sandbox:7070", /dns\+ takes http or https|must be dns\+http/],
      ["dns+", /must be dns\+http:\/\/<name>:<port>/],
    ];
    for (const [entry, message] of cases) {
      let error: Error | undefined;
      try {
        configFromEnv({ SANDBOX_URLS: entry, SANDBOX_TOKEN: "t" });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message, entry).toMatch(/^Invalid platform-api settings: SANDBOX_URLS: /);
      expect(error?.message, entry).toMatch(message);
      expect(error?.message, entry).not.toContain("pw@");
    }
    expect(() => configFromEnv({ SANDBOX_URLS: "http://10.0.0.5:7070,dns+http://tasks.sandbox" })).toThrow(
      /SANDBOX_URLS: entry 2: /,
    );
  });

  it("keeps dns+ out of SANDBOX_URL, the one-node form", () => {
    expect(() => configFromEnv({ SANDBOX_URL: "dns+http://tasks.sandbox:7070", SANDBOX_TOKEN: "t" })).toThrow(
      /SANDBOX_URL: dns\+ entries \(one node per address\) go in SANDBOX_URLS/,
    );
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
