import type { AddressInfo } from "node:net";
import pino from "pino";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type Sandbox } from "../src/index.js";
import { pathVariants, rawRequest } from "./path-variants.js";

/**
 * The routing layer alone: a sandbox that only counts how often its handlers were reached, so a
 * request that gets past the token check by another spelling of the path shows up as a call.
 */
function countingSandbox() {
  const calls = { run: 0, languages: 0 };
  const sandbox = {
    run: async () => {
      calls.run++;
      return { status: "accepted" };
    },
    languages: async () => {
      calls.languages++;
      return [];
    },
    readiness: async () => ({ ready: true }),
    metrics: { registry: new Registry() },
  } as unknown as Sandbox;
  return { sandbox, calls };
}

const PROTECTED = [
  { method: "POST", path: "/v1/runs", handler: "run" },
  { method: "GET", path: "/v1/languages", handler: "languages" },
] as const;

describe("no spelling of a protected path reaches its handler without the service token", () => {
  const token = `${"t".repeat(16)}-service-token-for-paths`;
  const { sandbox, calls } = countingSandbox();
  let url = "";
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const app = createApp({ sandbox, token, logger: pino({ level: "silent" }) });
    const server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  const body = JSON.stringify({ language: "python", code: "print(1)" });
  const json = { "Content-Type": "application/json" };

  it("reaches each handler with the token on the canonical path (the counter works)", async () => {
    for (const route of PROTECTED) {
      const before = calls[route.handler];
      const res = await rawRequest(
        url,
        route.method,
        route.path,
        { ...json, Authorization: `Bearer ${token}` },
        route.method === "POST" ? body : undefined,
      );
      expect(res.status, `${route.method} ${route.path}`).toBe(200);
      expect(calls[route.handler]).toBe(before + 1);
    }
  });

  it("answers 401 or 404 to every other spelling, with no token or a wrong one, and never runs the handler", async () => {
    calls.run = 0;
    calls.languages = 0;
    const seen: string[] = [];
    for (const route of PROTECTED) {
      const variants = pathVariants(route.path);
      expect(variants.length).toBeGreaterThan(25);
      for (const path of variants) {
        for (const auth of [{}, { Authorization: "Bearer not-the-service-token" }]) {
          const res = await rawRequest(
            url,
            route.method,
            path,
            { ...json, ...auth },
            route.method === "POST" ? body : undefined,
          );
          seen.push(`${route.method} ${path} -> ${res.status}`);
          // Node's HTTP parser refuses some spellings (a backslash) itself, before any route: 400, no body.
          const refusedByParser = res.status === 400 && res.body === "";
          if (!refusedByParser) expect([401, 404], `${route.method} ${path}`).toContain(res.status);
        }
      }
    }
    expect(calls).toEqual({ run: 0, languages: 0 });
    // The case the review reproduced: a capital V used to run code with no token at all.
    expect(seen).toContain("POST /V1/runs -> 404");
  });

  it("refuses a body before the token check: a stranger's JSON is never parsed", async () => {
    const res = await rawRequest(url, "POST", "/v1/runs", json, "{not json");
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe("missing_token");
  });

  it("keeps the probes public and exact", async () => {
    expect((await rawRequest(url, "GET", "/healthz")).status).toBe(200);
    expect((await rawRequest(url, "GET", "/HEALTHZ")).status).toBe(404);
    expect((await rawRequest(url, "GET", "/healthz/")).status).toBe(404);
  });
});
