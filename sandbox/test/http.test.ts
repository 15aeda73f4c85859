import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBody, OverloadedError, ValidationError } from "../src/index.js";
import { type Service, startService } from "./helpers.js";

describe("the sandbox HTTP API refuses bad requests clearly", () => {
  let service: Service;

  beforeAll(async () => {
    service = await startService({ poolSize: 0, maximums: { timeMs: 5000, memoryMb: 512, outputKb: 256 } });
  });

  afterAll(async () => {
    await service?.close();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${service.url}/v1/runs`, {
      method: "POST",
      headers: { Authorization: `Bearer ${service.token}`, "Content-Type": "application/json", ...headers },
      body,
    });

  async function expectError(response: Response, status: number, type: string, code: string) {
    expect(response.status).toBe(status);
    const requestId = response.headers.get("X-Request-Id");
    expect(requestId).toBeTruthy();
    const body = ErrorBody.parse(await response.json());
    expect(body.error.type).toBe(type);
    expect(body.error.code).toBe(code);
    expect(body.error.requestId).toBe(requestId);
    expect(body.error.message.length).toBeGreaterThan(10);
    return body;
  }

  it("answers health without a token", async () => {
    const response = await fetch(`${service.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("refuses a run without a token", async () => {
    const response = await fetch(`${service.url}/v1/runs`, { method: "POST", body: "{}" });
    await expectError(response, 401, "authentication", "missing_token");
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it("refuses a wrong token, and one that differs only in length", async () => {
    await expectError(
      await post("{}", { Authorization: "Bearer wrong-token-entirely" }),
      401,
      "authentication",
      "invalid_token",
    );
    await expectError(
      await post("{}", { Authorization: `Bearer ${service.token}x` }),
      401,
      "authentication",
      "invalid_token",
    );
    await expectError(
      await post("{}", { Authorization: `Basic ${service.token}` }),
      401,
      "authentication",
      "invalid_token",
    );
  });

  it("refuses the languages list without a token", async () => {
    await expectError(await fetch(`${service.url}/v1/languages`), 401, "authentication", "missing_token");
  });

  it("lists the languages of the contract", async () => {
    const languages = await service.client.languages();
    // The contract's 22 ids (DESIGN.md), each with a version naming its toolchain.
    expect(languages.map((l) => l.id).sort()).toEqual(
      "python javascript typescript java cpp c go rust ruby php kotlin csharp lua r haskell scala bash perl sqlite pascal fortran ocaml"
        .split(" ")
        .sort(),
    );
    for (const language of languages) expect(language.version, language.id).toMatch(/\d/);
    const cpp = languages.find((l) => l.id === "cpp");
    expect(cpp?.compiled).toBe(true);
    expect(cpp?.extensions).toContain(".cpp");
    expect(languages.find((l) => l.id === "python")?.compiled).toBe(false);
  });

  it("refuses malformed JSON", async () => {
    await expectError(await post('{"language": "python", '), 400, "validation", "malformed_json");
  });

  it("refuses a body that is not JSON", async () => {
    await expectError(
      await post("language=python", { "Content-Type": "text/plain" }),
      415,
      "validation",
      "unsupported_media_type",
    );
  });

  it("refuses an oversize body", async () => {
    const big = JSON.stringify({ language: "python", code: "x".repeat(17 * 1024 * 1024) });
    await expectError(await post(big), 413, "validation", "body_too_large");
  });

  it("refuses an unknown language, naming the known ones", async () => {
    const body = await expectError(
      await post(JSON.stringify({ language: "cobol", code: "x" })),
      400,
      "validation",
      "unknown_language",
    );
    expect(body.error.message).toContain("python");
  });

  it("refuses limits beyond the configured maximums", async () => {
    const body = await expectError(
      await post(JSON.stringify({ language: "python", code: "x", limits: { timeMs: 60_000 } })),
      400,
      "validation",
      "limit_too_high",
    );
    expect(body.error.message).toContain("timeMs 60000 > 5000");
    await expectError(
      await post(JSON.stringify({ language: "python", code: "x", limits: { memoryMb: 4096, outputKb: 1 } })),
      400,
      "validation",
      "limit_too_high",
    );
  });

  it("refuses unsafe file names", async () => {
    for (const name of [
      "../escape.py",
      "/etc/passwd",
      ".hidden",
      "a/../../b.py",
      "a\\b.py",
      "a\u0000b.py",
      "",
    ]) {
      const response = await post(
        JSON.stringify({ language: "python", files: [{ name, content: "print(1)" }] }),
      );
      await expectError(response, 400, "validation", "invalid_request");
    }
  });

  it("refuses requests with both or neither of files and code, or unknown fields", async () => {
    await expectError(
      await post(JSON.stringify({ language: "python" })),
      400,
      "validation",
      "invalid_request",
    );
    await expectError(
      await post(JSON.stringify({ language: "python", code: "x", files: [{ name: "a.py", content: "" }] })),
      400,
      "validation",
      "invalid_request",
    );
    await expectError(
      await post(JSON.stringify({ language: "python", code: "x", privileged: true })),
      400,
      "validation",
      "invalid_request",
    );
    await expectError(await post(JSON.stringify([1, 2])), 400, "validation", "invalid_request");
  });

  it("refuses negative or fractional limits and duplicate test ids", async () => {
    await expectError(
      await post(JSON.stringify({ language: "python", code: "x", limits: { timeMs: -1 } })),
      400,
      "validation",
      "invalid_request",
    );
    await expectError(
      await post(JSON.stringify({ language: "python", code: "x", limits: { memoryMb: 1.5 } })),
      400,
      "validation",
      "invalid_request",
    );
    await expectError(
      await post(JSON.stringify({ language: "python", code: "x", tests: [{ id: "a" }, { id: "a" }] })),
      400,
      "validation",
      "invalid_request",
    );
  });

  it("answers unknown routes with a not_found error", async () => {
    await expectError(
      await fetch(`${service.url}/v1/nothing`, { headers: { Authorization: `Bearer ${service.token}` } }),
      404,
      "not_found",
      "route_not_found",
    );
  });

  it("maps errors back to typed errors in the client", async () => {
    await expect(service.client.run({ language: "cobol", code: "x" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(OverloadedError).toBeDefined();
  });

  it("never echoes the token in an error", async () => {
    const response = await post("{}", { Authorization: `Bearer ${service.token}-nope` });
    expect(await response.text()).not.toContain(service.token);
  });
});
