import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../src/http/errors.js";
import { verificationRequest, verifyWithProvider } from "../src/services/vault/providers.js";
import { type FakeProvider, startFakeProvider } from "./support/fake-openai.js";

const good = "sk-test-provider-good-0123456789abcdef";
const bad = "sk-test-provider-bad-9876543210fedcba";

describe("asking a provider whether it accepts a key", () => {
  let fake: FakeProvider;

  beforeAll(async () => {
    fake = await startFakeProvider({ keys: [good] });
  });
  afterAll(async () => {
    await fake?.close();
  });

  const last = () => fake.requests[fake.requests.length - 1];

  it.each([
    ["openai-compatible", "/v1", "/v1/models", "authorization", `Bearer ${good}`],
    ["openai", "/v1", "/v1/models", "authorization", `Bearer ${good}`],
    ["anthropic", "", "/v1/models", "x-api-key", good],
    ["google", "", "/v1beta/models", "x-goog-api-key", good],
    ["azure-openai", "", "/openai/models?api-version=2024-10-21", "api-key", good],
  ] as const)(
    "%s (base …%s): GET %s with the key in %s, never in the URL",
    async (provider, base, path, header, value) => {
      expect(await verifyWithProvider(provider, `${fake.url}${base}`, good)).toEqual({ ok: true });
      const request = last();
      expect(request?.method).toBe("GET");
      expect(request?.url).toBe(path);
      expect(request?.headers[header]).toBe(value);
      expect(request?.url).not.toContain(good);
      if (provider === "anthropic") expect(request?.headers["anthropic-version"]).toBe("2023-06-01");
    },
  );

  it("uses the providers' own endpoints by default", () => {
    expect(verificationRequest("openai", "https://api.openai.com/v1", good).url.href).toBe(
      "https://api.openai.com/v1/models",
    );
    const google = verificationRequest("google", "https://generativelanguage.googleapis.com", good);
    expect(google.url.href).toBe("https://generativelanguage.googleapis.com/v1beta/models");
    expect(google.url.href).not.toContain(good);
  });

  it("reports a refused key without relaying the provider's answer, which quotes the key", async () => {
    const verdict = await verifyWithProvider("openai-compatible", `${fake.url}/v1`, bad);
    expect(verdict).toEqual({ ok: false, message: "the provider refused this key" });
    expect(JSON.stringify(verdict)).not.toContain(bad);
  });

  it("treats 403 as a refusal, 404 and 429 as answers, and 5xx as the provider failing", async () => {
    const at = (status: number) => `${fake.url}/status/${status}/v1`;
    expect(await verifyWithProvider("openai-compatible", at(403), good)).toMatchObject({
      ok: false,
      message: "the provider refused this key",
    });
    expect((await verifyWithProvider("openai-compatible", at(404), good)).message).toContain("404");
    expect((await verifyWithProvider("openai-compatible", at(429), good)).message).toContain("429");
    const failing = await verifyWithProvider("openai-compatible", at(503), good).catch((e: unknown) => e);
    expect(failing).toBeInstanceOf(ApiError);
    expect(failing).toMatchObject({ status: 502, type: "external_service", code: "provider_error" });
  });

  it("does not follow a redirect", async () => {
    const before = fake.requests.length;
    const verdict = await verifyWithProvider("openai-compatible", `${fake.url}/redirect/v1`, good);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain("redirect");
    expect(fake.requests.length).toBe(before + 1);
  });

  it("gives up on a provider that does not answer in time, saying so without the key", async () => {
    const started = Date.now();
    const err = await verifyWithProvider("openai-compatible", `${fake.url}/hang/v1`, good, {
      timeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err).toMatchObject({ status: 502, type: "external_service", code: "provider_unreachable" });
    expect((err as Error).message).toContain("no answer within");
    expect((err as Error).message).not.toContain(good);
  });
});
