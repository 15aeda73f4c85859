import { generate } from "otplib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sessionCookie, signUp } from "./support/accounts.js";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { describeEachDatabase } from "./support/databases.js";

const password = "correct horse battery staple";

describeEachDatabase("the second factor", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  const totpFor = (secret: string) => generate({ secret, epoch: Math.floor(api.clock.now() / 1000) });

  /** A new account with two-factor on: its address, session, TOTP secret and recovery codes. */
  async function withTwoFactor() {
    const email = `second-factor${++n}-${Date.now()}@example.com`;
    const signup = await signUp(api, { email, password });
    const token = signup.token;
    const setup = await api.call("POST", "/api/v1/me/mfa/totp/setup", { token });
    expect(setup.status, JSON.stringify(setup.body)).toBe(200);
    const secret = setup.body.secret as string;
    const enabled = await api.call("POST", "/api/v1/me/mfa/totp/enable", {
      token,
      body: { code: await totpFor(secret) },
    });
    expect(enabled.status).toBe(200);
    // Past the code just used, so the next one is fresh.
    api.clock.advance(30_000);
    return {
      email,
      token,
      secret,
      userId: signup.user.id,
      recovery: enabled.body.recoveryCodes,
    };
  }

  const challenge = async (email: string) => {
    const res = await api.call("POST", "/api/v1/auth/login", { body: { email, password } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mfaRequired).toBe(true);
    return res.body.mfaToken as string;
  };
  const answer = (mfaToken: string, code: string) =>
    api.call("POST", "/api/v1/auth/login/mfa", { body: { mfaToken, code } });
  const actions = async (userId: string, action: string) =>
    (await api.db("audit_log").where({ actor_id: userId, action })).length;

  it("counts wrong codes per user across challenges: a correct password gives no new tries", async () => {
    const user = await withTwoFactor();
    // Two wrong codes on each of three fresh challenges: the fifth wrong code uses the last try.
    let wrong = 0;
    for (let c = 0; c < 3 && wrong < 5; c++) {
      const token = await challenge(user.email);
      for (let i = 0; i < 2 && wrong < 5; i++, wrong++) {
        expectError(await answer(token, "000000"), 401, "invalid_code");
      }
    }
    // A new challenge after the right password: blocked, even with the right code.
    const fresh = await challenge(user.email);
    const refused = expectError(await answer(fresh, await totpFor(user.secret)), 429);
    expect(refused.type).toBe("rate_limit");
    expect(refused.message).not.toContain(user.email);
    // Recovery codes share the count.
    expectError(await answer(await challenge(user.email), user.recovery[0]), 429);
    expect(await actions(user.userId, "auth.mfa.failed")).toBe(5);
    expect(await actions(user.userId, "auth.mfa.locked")).toBe(1);
    expect(await actions(user.userId, "auth.mfa.blocked")).toBeGreaterThanOrEqual(2);
    // After the block the right code works, and clears the count.
    api.clock.advance(61_000);
    const ok = await answer(await challenge(user.email), await totpFor(user.secret));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const row = await api.db("users").where({ id: user.userId }).first();
    expect(Number(row.mfa_failures)).toBe(0);
    expect(Number(row.mfa_block_strikes)).toBe(0);
  });

  it("doubles the block each time the tries run out again", async () => {
    const user = await withTwoFactor();
    const retryAfters: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) {
        expectError(await answer(await challenge(user.email), "000000"), 401, "invalid_code");
      }
      const blocked = await answer(await challenge(user.email), "000000");
      expectError(blocked, 429);
      retryAfters.push(Number(blocked.headers.get("Retry-After")));
      api.clock.advance((retryAfters[round] ?? 0) * 1000 + 1000);
    }
    expect(retryAfters).toEqual([60, 120, 240]);
  });

  it("judges at most five of twenty parallel guesses, whatever the challenge", async () => {
    const user = await withTwoFactor();
    const tokens = await Promise.all(Array.from({ length: 4 }, () => challenge(user.email)));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => answer(tokens[i % 4] as string, String(100000 + i))),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
    expect(await actions(user.userId, "auth.mfa.failed")).toBe(5);
  });

  it("counts the codes of the two-factor settings against the same tries", async () => {
    const user = await withTwoFactor();
    for (let i = 0; i < 5; i++) {
      expectError(
        await api.call("POST", "/api/v1/me/mfa/recovery-codes", {
          token: user.token,
          body: { code: "000000" },
        }),
        401,
        "invalid_code",
      );
    }
    expectError(await answer(await challenge(user.email), await totpFor(user.secret)), 429);
  });

  it("refuses two-factor changes to an access token, even one with every scope", async () => {
    const user = await withTwoFactor();
    const pat = await api.call("POST", "/api/v1/me/tokens", {
      token: user.token,
      body: { name: "stolen", scopes: ["read", "write", "keys"] },
    });
    expect(pat.status).toBe(201);
    const token = pat.body.token as string;
    for (const path of ["/me/mfa/totp/disable", "/me/mfa/recovery-codes"]) {
      expectError(
        await api.call("POST", `/api/v1${path}`, {
          token,
          body: { code: await totpFor(user.secret), password },
        }),
        403,
        "session_required",
      );
    }
    const other = await signUp(api, { email: `pat-owner${++n}@example.com`, password });
    const otherPat = await api.call("POST", "/api/v1/me/tokens", {
      token: other.token,
      body: { name: "ci", scopes: ["read", "write"] },
    });
    expectError(
      await api.call("POST", "/api/v1/me/mfa/totp/setup", { token: otherPat.body.token }),
      403,
      "session_required",
    );
    expect((await api.call("GET", "/api/v1/me", { token: user.token })).body.mfaEnabled).toBe(true);
  });

  it("asks a session that signed in over 15 minutes ago for the password again", async () => {
    const user = await withTwoFactor();
    api.clock.advance(16 * 60_000);
    const code = await totpFor(user.secret);
    expectError(
      await api.call("POST", "/api/v1/me/mfa/totp/disable", { token: user.token, body: { code } }),
      403,
      "reauthentication_required",
    );
    expectError(
      await api.call("POST", "/api/v1/me/mfa/totp/disable", {
        token: user.token,
        body: { code, password: "not my password" },
      }),
      401,
      "invalid_credentials",
    );
    expect(await actions(user.userId, "auth.reauthentication.failed")).toBe(1);
    const off = await api.call("POST", "/api/v1/me/mfa/totp/disable", {
      token: user.token,
      body: { code, password },
    });
    expect(off.status, JSON.stringify(off.body)).toBe(204);
    // A fresh sign-in is recent again: setting two-factor up needs no password.
    const login = await api.call("POST", "/api/v1/auth/login", { body: { email: user.email, password } });
    const setup = await api.call("POST", "/api/v1/me/mfa/totp/setup", { token: login.body.token });
    expect(setup.status).toBe(200);
    expectError(
      await api.call("POST", "/api/v1/me/mfa/totp/setup", { token: user.token }),
      403,
      "reauthentication_required",
    );
  });

  it("refuses the password confirmation on a cookie session from another site", async () => {
    const user = await withTwoFactor();
    const login = await fetch(`${api.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: PUBLIC_URL },
      body: JSON.stringify({ email: user.email, password }),
    });
    const mfaToken = (await login.json()).mfaToken as string;
    const second = await fetch(`${api.url}/api/v1/auth/login/mfa`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: PUBLIC_URL },
      body: JSON.stringify({ mfaToken, code: await totpFor(user.secret) }),
    });
    expect(second.status).toBe(200);
    const cookie = sessionCookie(second.headers).split(";")[0] ?? "";
    const res = await fetch(`${api.url}/api/v1/me/mfa/totp/disable`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example", Cookie: cookie },
      body: JSON.stringify({ code: "000000", password }),
    });
    expect(res.status).toBe(403);
  });
});

describeEachDatabase("sign-up limits", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  it("limits sign-up attempts per address, taken or not, with 429 and Retry-After", async () => {
    const email = `limited-${Date.now()}@example.com`;
    for (let i = 0; i < 5; i++) {
      const res = await api.call("POST", "/api/v1/auth/signup", { body: { email, password } });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ status: "verification_sent" });
    }
    const limited = await api.call("POST", "/api/v1/auth/signup", { body: { email, password } });
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(60);
    // Another address from the same client is still welcome.
    const other = await api.call("POST", "/api/v1/auth/signup", {
      body: { email: `other-${Date.now()}@example.com`, password },
    });
    expect(other.status).toBe(202);
  });
});
