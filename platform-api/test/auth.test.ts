import { randomBytes } from "node:crypto";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditLog } from "../src/services/audit/audit.js";
import { sessionCookie, signUp } from "./support/accounts.js";
import { expectError, METRICS_TOKEN, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";

const password = "correct horse battery staple";

describe.each(databases)("accounts on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let n = 0;
  const email = () => `learner${++n}-${Date.now()}@example.com`;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  async function signup(address = email()) {
    const { token, user } = await signUp(api, { email: address, password });
    return { email: address, token, user };
  }

  const totpFor = (secret: string) => generate({ secret, epoch: Math.floor(api.clock.now() / 1000) });

  it("signs up without a session, signs in, answers /me with the bearer session, and logs out", async () => {
    const address = email();
    const accepted = await api.call("POST", "/api/v1/auth/signup", {
      body: { email: address, password, locale: "es" },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ status: "verification_sent" });
    expect(accepted.headers.get("set-cookie")).toBeNull();
    const login = await api.call("POST", "/api/v1/auth/login", { body: { email: address, password } });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    const user = login.body.user;
    expect(user.email).toBe(address);
    expect(user.mfaEnabled).toBe(false);
    expect(user.emailVerified).toBe(false);
    expect(user.locale).toBe("es");
    expect(token).toMatch(/^cgs_/);
    const me = await api.call("GET", "/api/v1/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
    expect((await api.call("POST", "/api/v1/auth/logout", { token })).status).toBe(204);
    expectError(await api.call("GET", "/api/v1/me", { token }), 401, "invalid_token");
  });

  it("makes no second account with the same email, whatever its case, and answers as for a new one", async () => {
    const { email: address, user } = await signup();
    const res = await api.call("POST", "/api/v1/auth/signup", {
      body: { email: address.toUpperCase(), password: "another passphrase entirely" },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: "verification_sent" });
    const rows = await api.db("users").where({ email: address });
    expect(rows.map((r) => r.id)).toEqual([user.id]);
    // The first account's password still signs in; the second one's does not.
    const wrong = await api.call("POST", "/api/v1/auth/login", {
      body: { email: address, password: "another passphrase entirely" },
    });
    expectError(wrong, 401, "invalid_credentials");
  });

  it("explains invalid sign-up fields without echoing them", async () => {
    const res = await api.call("POST", "/api/v1/auth/signup", {
      body: { email: "nope", password: "short-pw" },
    });
    expectError(res, 400, "invalid_request");
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["email", "password"]);
    expect(JSON.stringify(res.body)).not.toContain("short-pw");
  });

  it("refuses malformed JSON, non-JSON bodies and unknown fields", async () => {
    const raw = await fetch(`${api.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"email": ',
    });
    expect(raw.status).toBe(400);
    expect((await raw.json()).error.code).toBe("malformed_json");
    const text = await fetch(`${api.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "x",
    });
    expect(text.status).toBe(415);
    const extra = await api.call("POST", "/api/v1/auth/signup", {
      body: { email: email(), password, role: "admin" },
    });
    expectError(extra, 400, "invalid_request");
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const { email: address } = await signup();
    const wrong = await api.call("POST", "/api/v1/auth/login", {
      body: { email: address, password: "not the password" },
    });
    const unknown = await api.call("POST", "/api/v1/auth/login", { body: { email: email(), password } });
    expectError(wrong, 401, "invalid_credentials");
    expectError(unknown, 401, "invalid_credentials");
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it("gives browsers the session only as an HttpOnly cookie, and checks the origin of cookie writes", async () => {
    const { email: address } = await signup();
    const res = await api.call("POST", "/api/v1/auth/login", {
      body: { email: address, password },
      headers: { Origin: PUBLIC_URL },
    });
    expect(res.status).toBe(200);
    expect(res.body.token).toBeUndefined();
    const setCookie = sessionCookie(res.headers);
    expect(setCookie).toMatch(/cg_session=cgs_/);
    expect(setCookie.toLowerCase()).toContain("httponly");
    expect(setCookie.toLowerCase()).toContain("samesite=strict");
    const cookie = setCookie.split(";")[0] ?? "";
    expect((await api.call("GET", "/api/v1/me", { headers: { Cookie: cookie } })).status).toBe(200);
    // A write riding on the cookie from another site, or with no origin at all, is refused.
    expectError(
      await api.call("POST", "/api/v1/auth/logout", {
        headers: { Cookie: cookie, Origin: "https://evil.example" },
      }),
      403,
      "cross_site_request",
    );
    expectError(
      await api.call("POST", "/api/v1/auth/logout", { headers: { Cookie: cookie } }),
      403,
      "cross_site_request",
    );
    expect((await api.call("GET", "/api/v1/me", { headers: { Cookie: cookie } })).status).toBe(200);
    const ok = await api.call("POST", "/api/v1/auth/logout", {
      headers: { Cookie: cookie, Origin: PUBLIC_URL },
    });
    expect(ok.status).toBe(204);
    expectError(await api.call("GET", "/api/v1/me", { headers: { Cookie: cookie } }), 401, "unauthenticated");
  });

  it("never adopts a session id chosen by someone else, and issues a new one at each login", async () => {
    const { email: address } = await signup();
    const planted = "cg_session=cgs_planted-by-an-attacker-0000000000000000000";
    const res = await api.call("POST", "/api/v1/auth/login", {
      body: { email: address, password },
      headers: { Cookie: planted },
    });
    expect(res.status).toBe(200);
    expect(res.body.token).not.toContain("planted");
    const again = await api.call("POST", "/api/v1/auth/login", { body: { email: address, password } });
    expect(again.body.token).not.toBe(res.body.token);
    expectError(
      await api.call("GET", "/api/v1/me", { headers: { Cookie: planted } }),
      401,
      "unauthenticated",
    );
  });

  it("sets up TOTP, then needs a code at login; a code works once", async () => {
    const { email: address, token } = await signup();
    const setup = await api.call("POST", "/api/v1/me/mfa/totp/setup", { token });
    expect(setup.status).toBe(200);
    const { secret, otpauthUrl, qrSvg } = setup.body;
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Codeground:/);
    expect(qrSvg).toMatch(/^<svg/);
    expectError(
      await api.call("POST", "/api/v1/me/mfa/totp/enable", { token, body: { code: "000000" } }),
      401,
      "invalid_code",
    );
    const enable = await api.call("POST", "/api/v1/me/mfa/totp/enable", {
      token,
      body: { code: await totpFor(secret) },
    });
    expect(enable.status).toBe(200);
    expect(enable.body.recoveryCodes).toHaveLength(10);
    expect(new Set(enable.body.recoveryCodes).size).toBe(10);

    api.clock.advance(30_000);
    const login = await api.call("POST", "/api/v1/auth/login", { body: { email: address, password } });
    expect(login.body.mfaRequired).toBe(true);
    expect(login.body.token).toBeUndefined();
    const code = await totpFor(secret);
    const second = await api.call("POST", "/api/v1/auth/login/mfa", {
      body: { mfaToken: login.body.mfaToken, code },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.user.mfaEnabled).toBe(true);
    // The same code again, on a fresh password step: refused (replay).
    const login2 = await api.call("POST", "/api/v1/auth/login", { body: { email: address, password } });
    expectError(
      await api.call("POST", "/api/v1/auth/login/mfa", { body: { mfaToken: login2.body.mfaToken, code } }),
      401,
      "invalid_code",
    );
    // A challenge token is single-use too.
    expectError(
      await api.call("POST", "/api/v1/auth/login/mfa", {
        body: { mfaToken: login.body.mfaToken, code: await totpFor(secret) },
      }),
      401,
      "mfa_token_invalid",
    );
  });

  it("accepts each recovery code once", async () => {
    const { email: address, token } = await signup();
    const { secret } = (await api.call("POST", "/api/v1/me/mfa/totp/setup", { token })).body;
    const { recoveryCodes } = (
      await api.call("POST", "/api/v1/me/mfa/totp/enable", { token, body: { code: await totpFor(secret) } })
    ).body;
    const recovery = recoveryCodes[3] as string;
    const first = (await api.call("POST", "/api/v1/auth/login", { body: { email: address, password } })).body
      .mfaToken;
    expect(
      (await api.call("POST", "/api/v1/auth/login/mfa", { body: { mfaToken: first, code: recovery } }))
        .status,
    ).toBe(200);
    const again = (await api.call("POST", "/api/v1/auth/login", { body: { email: address, password } })).body
      .mfaToken;
    expectError(
      await api.call("POST", "/api/v1/auth/login/mfa", { body: { mfaToken: again, code: recovery } }),
      401,
      "invalid_code",
    );
    // Disabling needs a valid code as well.
    api.clock.advance(60_000);
    expectError(
      await api.call("POST", "/api/v1/me/mfa/totp/disable", { token, body: { code: "123456" } }),
      401,
      "invalid_code",
    );
    const off = await api.call("POST", "/api/v1/me/mfa/totp/disable", {
      token,
      body: { code: await totpFor(secret) },
    });
    expect(off.status).toBe(204);
    expect((await api.call("GET", "/api/v1/me", { token })).body.mfaEnabled).toBe(false);
  });

  it("locks out repeated wrong passwords with 429 and Retry-After, even for the right one then", async () => {
    const { email: address } = await signup();
    const attempt = (i: number) =>
      api.call("POST", "/api/v1/auth/login", { body: { email: address, password: `wrong guess ${i}` } });
    let last = await attempt(0);
    for (let i = 1; i < 11; i++) last = await attempt(i);
    expectError(last, 429, "too_many_attempts");
    expect(Number(last.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expectError(
      await api.call("POST", "/api/v1/auth/login", { body: { email: address, password } }),
      429,
      "too_many_attempts",
    );
  });

  it("issues personal access tokens shown once, scoped, revocable", async () => {
    const { token: session } = await signup();
    const created = await api.call("POST", "/api/v1/me/tokens", {
      token: session,
      body: { name: "ci", scopes: ["read"] },
    });
    expect(created.status).toBe(201);
    const pat = created.body.token as string;
    expect(pat).toMatch(/^cgp_/);
    const list = await api.call("GET", "/api/v1/me/tokens", { token: session });
    expect(list.body).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(pat);
    expect((await api.call("GET", "/api/v1/me", { token: pat })).status).toBe(200);
    // Read-only token: no writes, and no minting of more tokens.
    expectError(
      await api.call("POST", "/api/v1/me/mfa/totp/setup", { token: pat }),
      403,
      "insufficient_scope",
    );
    const other = await signup();
    expectError(
      await api.call("DELETE", `/api/v1/me/tokens/${created.body.id}`, { token: other.token }),
      404,
      "token_not_found",
    );
    expect(
      (await api.call("DELETE", `/api/v1/me/tokens/${created.body.id}`, { token: session })).status,
    ).toBe(204);
    expectError(await api.call("GET", "/api/v1/me", { token: pat }), 401, "invalid_token");
  });

  it("stops accepting an access token when it expires", async () => {
    const { token: session } = await signup();
    const created = await api.call("POST", "/api/v1/me/tokens", {
      token: session,
      body: { name: "short-lived", scopes: ["read"], expiresInDays: 1 },
    });
    expect(created.body.expiresAt).toBeTruthy();
    expect((await api.call("GET", "/api/v1/me", { token: created.body.token })).status).toBe(200);
    api.clock.advance(2 * 86_400_000);
    expectError(await api.call("GET", "/api/v1/me", { token: created.body.token }), 401, "invalid_token");
  });

  it("lets an admin verify the audit chain and read everyone's events", async () => {
    const { token, user } = await signup();
    await api.db("users").where({ id: user.id }).update({ role: "admin" });
    const verify = await api.call("GET", "/api/v1/audit/verify", { token });
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
    expect(verify.body.rows).toBeGreaterThan(0);
    const all = await api.call("GET", "/api/v1/audit?limit=200", { token });
    const actors = new Set(all.body.events.map((e: { actorId: string | null }) => e.actorId));
    expect(actors.size).toBeGreaterThan(1);
  });

  it("keeps CORS closed: no cross-origin grant to any origin", async () => {
    const preflight = await api.call("OPTIONS", "/api/v1/me", {
      headers: { Origin: "https://course.example", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const get = await api.call("GET", "/healthz", { headers: { Origin: "https://course.example" } });
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
    expect(get.headers.get("strict-transport-security")).toContain("max-age=");
    expect(get.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("refuses a write token minting tokens", async () => {
    const { token: session } = await signup();
    const pat = (
      await api.call("POST", "/api/v1/me/tokens", {
        token: session,
        body: { name: "w", scopes: ["read", "write"] },
      })
    ).body.token;
    expectError(
      await api.call("POST", "/api/v1/me/tokens", { token: pat, body: { name: "more" } }),
      403,
      "session_required",
    );
  });

  it("records account events in a hash-chained audit log that detects edits", async () => {
    const { token, user } = await signup();
    const audit = await api.call("GET", "/api/v1/audit", { token });
    expect(audit.status).toBe(200);
    expect(audit.body.events.every((e: { actorId: string }) => e.actorId === user.id)).toBe(true);
    expect(audit.body.events.map((e: { action: string }) => e.action)).toContain("auth.signup");
    expectError(await api.call("GET", "/api/v1/audit/verify", { token }), 403, "admin_only");
    expect((await api.app.audit.verify()).ok).toBe(true);
    const row = await api.db("audit_log").where({ actor_id: user.id }).first();
    await api.db("audit_log").where({ id: row.id }).update({ action: "auth.nothing_to_see" });
    const verdict = await api.app.audit.verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBadId).toBe(row.id);
    await api.db("audit_log").where({ id: row.id }).update({ action: row.action });
    expect((await api.app.audit.verify()).ok).toBe(true);
  });

  it("keys the audit chain with a sealed secret: a chain made without it does not verify", async () => {
    await signup();
    const stored = await api.db("system_secrets").where({ id: "audit-chain" }).first();
    expect(JSON.parse(stored.value)).toMatchObject({ v: 1, kms: "local" });
    expect((await api.app.audit.verify()).ok).toBe(true);
    const forger = createAuditLog(api.db, api.clock, randomBytes(32));
    const verdict = await forger.verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toBe("row content changed");
  });

  it("never writes a password, token or TOTP secret to the logs or in plaintext to the database", async () => {
    const { token } = await signup();
    const { secret } = (await api.call("POST", "/api/v1/me/mfa/totp/setup", { token })).body;
    const logs = api.logs.join("\n");
    for (const value of [password, token, secret]) expect(logs).not.toContain(value);
    const users = await api.db("users").select("totp_secret", "password_hash");
    const dump = JSON.stringify(users);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(password);
    const sessions = JSON.stringify(await api.db("sessions").select());
    expect(sessions).not.toContain(token);
  });

  it("answers unknown routes and health with the house formats", async () => {
    expectError(await api.call("GET", "/api/v1/nothing-here"), 404, "route_not_found");
    const health = await api.call("GET", "/healthz");
    expect(health.status).toBe(200);
    expect(health.headers.get("x-content-type-options")).toBe("nosniff");
    expect(health.headers.get("content-security-policy")).toContain("default-src 'none'");
    const ready = await api.call("GET", "/readyz");
    expect(ready.status).toBe(200);
    // No sandbox in this suite: the API is ready, and says code cannot run.
    expect(ready.body).toEqual({ ready: true, database: true, sandbox: false });
    expect((await api.call("GET", "/metrics", { token: METRICS_TOKEN })).body).toContain(
      "codeground_api_requests_total",
    );
  });
});
