import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.js";
import { sessionCookie, signUp } from "./support/accounts.js";
import { PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";

const sqlite = databases.find((d) => d.name === "sqlite") as (typeof databases)[number];
const password = "correct horse battery";

/** The address the API recorded for a sign-in sent with these headers: the audit log's `ip`. */
async function loginAddress(api: TestApi, email: string, headers: Record<string, string>) {
  const signup = await signUp(api, { email, password });
  const login = await api.call("POST", "/api/v1/auth/login", { body: { email, password }, headers });
  expect(login.status).toBe(200);
  const audit = await api.call("GET", "/api/v1/audit?limit=50", { token: signup.token });
  const event = (audit.body.events as { action: string; requestId: string; ip: string }[]).find(
    (e) => e.action === "auth.login" && e.requestId === login.headers.get("x-request-id"),
  );
  expect(event, JSON.stringify(audit.body)).toBeDefined();
  return event?.ip;
}

describe("the client's address behind reverse proxies (TRUST_PROXY)", () => {
  let db: TestDatabase;
  const apis: Record<string, TestApi> = {};

  beforeAll(async () => {
    db = await sqlite.create();
    for (const hops of [0, 1, 2]) apis[hops] = await startApi(db.knex, { trustProxy: hops });
  });
  afterAll(async () => {
    for (const api of Object.values(apis)) await api.close();
    await db?.destroy();
  });

  it("with no proxy trusted (the default), ignores X-Forwarded-For", async () => {
    const ip = await loginAddress(apis[0] as TestApi, "none@example.test", {
      "X-Forwarded-For": "1.1.1.1, 2.2.2.2",
    });
    expect(ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("with one proxy, takes the address that proxy saw: a client cannot prepend its own", async () => {
    const api = apis[1] as TestApi;
    expect(await loginAddress(api, "one@example.test", { "X-Forwarded-For": "1.1.1.1, 2.2.2.2" })).toBe(
      "2.2.2.2",
    );
    expect(await loginAddress(api, "one-b@example.test", { "X-Forwarded-For": "2.2.2.2" })).toBe("2.2.2.2");
  });

  it("with two proxies, takes the address the outer one saw", async () => {
    const ip = await loginAddress(apis[2] as TestApi, "two@example.test", {
      "X-Forwarded-For": "9.9.9.9, 1.1.1.1, 2.2.2.2",
    });
    expect(ip).toBe("1.1.1.1");
  });

  it("counts sign-in attempts per address the proxy saw, however the client rewrites the header", async () => {
    const api = apis[1] as TestApi;
    // 100 failed attempts block the address; each spoofed first entry is a different address only
    // to the client.
    let last = 0;
    for (let i = 0; i < 101; i++) {
      const res = await api.call("POST", "/api/v1/auth/login", {
        body: { email: `nobody${i}@example.test`, password },
        headers: { "X-Forwarded-For": `10.0.${Math.floor(i / 250)}.${i % 250}, 3.3.3.3` },
      });
      last = res.status;
      if (res.status === 429) break;
    }
    expect(last).toBe(429);
    // Another address behind the same proxy is not blocked.
    const other = await api.call("POST", "/api/v1/auth/login", {
      body: { email: "nobody@example.test", password },
      headers: { "X-Forwarded-For": "4.4.4.4" },
    });
    expect(other.status).toBe(401);
  });
});

describe("the TRUST_PROXY setting", () => {
  it("is a number of proxies, 0 when unset or empty", () => {
    expect(configFromEnv({}).trustProxy).toBe(0);
    expect(configFromEnv({ TRUST_PROXY: "" }).trustProxy).toBe(0);
    expect(configFromEnv({ TRUST_PROXY: "0" }).trustProxy).toBe(0);
    expect(configFromEnv({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
  });

  it.each(["true", "false", "-1", "1.5", "yes", "11"])("refuses %s with a clear message", (value) => {
    expect(() => configFromEnv({ TRUST_PROXY: value })).toThrow(
      /TRUST_PROXY: .*(number of reverse proxies|at most 10)/,
    );
  });
});

describe("secure session cookies when TLS ends at a proxy in front", () => {
  it("signs a browser in and out over the plain-http hop, with Secure cookies, whatever X-Forwarded-Proto says", async () => {
    const db = await sqlite.create();
    const api = await startApi(db.knex, { trustProxy: 1, secureCookies: true });
    try {
      for (const proto of [undefined, "http"]) {
        const headers = { Origin: PUBLIC_URL, ...(proto ? { "X-Forwarded-Proto": proto } : {}) };
        const email = `tls-${proto ?? "none"}@example.test`;
        const signup = await api.call("POST", "/api/v1/auth/signup", { body: { email, password }, headers });
        expect(signup.status, JSON.stringify(signup.body)).toBe(202);
        // Sign-up starts no session; signing in does.
        expect(signup.headers.get("set-cookie")).toBeNull();
        const login = await api.call("POST", "/api/v1/auth/login", { body: { email, password }, headers });
        expect(login.status, JSON.stringify(login.body)).toBe(200);
        const cookie = sessionCookie(login.headers);
        expect(cookie).toMatch(/^cg_session=[^;]+;/);
        expect(cookie).toMatch(/;\s*secure/i);
        expect(cookie).toMatch(/;\s*httponly/i);
        // The browser gets no token in the body: the cookie is its session.
        expect(login.body.token).toBeUndefined();
        const out = await api.call("POST", "/api/v1/auth/logout", {
          headers: { ...headers, Cookie: cookie.split(";")[0] as string },
        });
        expect(out.status).toBe(204);
        expect(out.headers.get("set-cookie") ?? "").toMatch(/;\s*secure/i);
      }
    } finally {
      await api.close();
      await db.destroy();
    }
  });
});
