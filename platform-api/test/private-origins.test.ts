import { describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.js";
import { parsePrivateOrigins } from "../src/services/vault/private-origins.js";
import { checkProviderUrl, type LookupAll } from "../src/services/vault/provider-url.js";

// The name server is played here: every name is on the private network, nothing is resolved for real.
const privateNetwork: LookupAll = async () => [{ address: "10.0.0.5", family: 4 }];

const policy = (...entries: string[]) => ({
  allowPrivateOrigins: parsePrivateOrigins(entries),
  lookup: privateNetwork,
});

const settingsError = (value: string): string => {
  try {
    configFromEnv({ ALLOW_PRIVATE_PROVIDER_URLS: value });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`ALLOW_PRIVATE_PROVIDER_URLS=${value} was accepted`);
};

describe("ALLOW_PRIVATE_PROVIDER_URLS entries are origins", () => {
  it("lets an allowed http://127.0.0.1:PORT through, but not another port, https, or another loopback name", async () => {
    const allowed = policy("http://127.0.0.1:4010");
    expect(await checkProviderUrl("http://127.0.0.1:4010/v1", allowed)).toMatchObject({
      ok: true,
      operatorAllowed: true,
    });
    for (const raw of [
      "http://127.0.0.1:4011/v1",
      "http://127.0.0.1/v1",
      "https://127.0.0.1:4010/v1",
      "https://127.0.0.1/v1",
      "http://127.0.0.2:4010/v1",
      "http://localhost:4010/v1",
      "http://[::ffff:127.0.0.1]:4010/v1",
    ]) {
      expect(await checkProviderUrl(raw, allowed), raw).toMatchObject({ ok: false, reason: "not_allowed" });
    }
  });

  it("takes the scheme's default port when an entry leaves it out, and only that port", async () => {
    const allowed = policy("https://llm.internal", "http://models.internal/");
    for (const raw of [
      "https://llm.internal/v1",
      "https://llm.internal:443/v1",
      "http://models.internal:80/v1",
    ]) {
      expect(await checkProviderUrl(raw, allowed), raw).toMatchObject({ ok: true, operatorAllowed: true });
    }
    for (const raw of [
      "https://llm.internal:8443/v1",
      "http://llm.internal/v1",
      "http://llm.internal:443/v1",
      "http://models.internal:8080/v1",
      "https://models.internal/v1",
    ]) {
      expect(await checkProviderUrl(raw, allowed), raw).toMatchObject({ ok: false, reason: "not_allowed" });
    }
  });

  it("compares hosts as URLs spell them: any case, a rooted name's trailing dot, IPv6 in brackets", async () => {
    const allowed = policy("http://[::1]:8000", "http://Models.Internal:8000");
    expect(await checkProviderUrl("http://[::1]:8000/v1", allowed)).toMatchObject({ ok: true });
    expect(await checkProviderUrl("http://MODELS.internal.:8000/v1", allowed)).toMatchObject({ ok: true });
    expect(await checkProviderUrl("http://[::1]:8001/v1", allowed)).toMatchObject({ ok: false });
  });

  it("keeps valid settings as origins with their port written", () => {
    const config = configFromEnv({
      ALLOW_PRIVATE_PROVIDER_URLS: " http://127.0.0.1:4010 , https://LLM.internal/ ,http://[::1]:8000",
    });
    expect(config.allowPrivateProviderUrls).toEqual([
      "http://127.0.0.1:4010",
      "https://llm.internal:443",
      "http://[::1]:8000",
    ]);
  });

  it("refuses a bare host at startup and says how to write it", () => {
    const bare = settingsError("127.0.0.1");
    expect(bare).toMatch(/^Invalid platform-api settings: ALLOW_PRIVATE_PROVIDER_URLS: /);
    expect(bare).toContain('entry 1 ("127.0.0.1") is a host alone');
    expect(bare).toContain('"http://127.0.0.1:<port>"');
    expect(bare).toContain("80 for http, 443 for https");

    const withPort = settingsError("http://10.0.0.5:8000,models.internal:8000");
    expect(withPort).toContain('entry 2 ("models.internal:8000")');
    expect(withPort).toContain('"http://models.internal:8000"');
    expect(withPort).not.toContain("entry 1");
    expect(settingsError("[::1]:11434")).toContain('"http://[::1]:11434"');
  });

  it("refuses entries that are more or other than an origin, without repeating what they carry", () => {
    const credentials = settingsError("http://ops:hunter2@10.0.0.5:8000");
    expect(credentials).toContain("user name or password");
    expect(credentials).toContain('"http://10.0.0.5:8000"');
    expect(credentials).not.toContain("hunter2");

    for (const value of [
      "http://10.0.0.5:8000/v1?key=sk-live-0123456789",
      "http://10.0.0.5:8000/#sk-live-0123456789",
    ]) {
      const message = settingsError(value);
      expect(message).toContain('write "http://10.0.0.5:8000" alone');
      expect(message).not.toContain("sk-live");
    }
    expect(settingsError("ftp://10.0.0.5")).toContain("not an http:// or https:// origin");
    expect(settingsError("*")).toContain("not an http:// or https:// origin");
  });

  it("refuses a bare host when the app is composed in code, not only from the environment", () => {
    expect(() => parsePrivateOrigins(["http://127.0.0.1:4010", "127.0.0.1"])).toThrow(
      /ALLOW_PRIVATE_PROVIDER_URLS: entry 2 \("127\.0\.0\.1"\) is a host alone/,
    );
    expect(parsePrivateOrigins([])).toEqual(new Set());
  });
});
