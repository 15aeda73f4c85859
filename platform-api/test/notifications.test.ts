import { randomBytes } from "node:crypto";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSummary } from "../src/services/notifications/browser-summary.js";
import { browserHash, networkOf } from "../src/services/notifications/known-browsers.js";
import { recordUsage } from "../src/services/tutor/llm/usage.js";
import { newEmail, type SignedUp, signUp } from "./support/accounts.js";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { type ReceivedMail, startSmtp, type TestSmtp } from "./support/smtp.js";

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const DAY = 86_400_000;

describe("how a sign-in's client is named and told apart", () => {
  it("names common browsers and systems, and nothing a client wrote itself", () => {
    expect(browserSummary(CHROME_LINUX)).toEqual({
      key: "new_sign_in.browserOn",
      params: { browser: "Chrome", system: "Linux" },
    });
    expect(browserSummary(FIREFOX_WINDOWS)).toEqual({
      key: "new_sign_in.browserOn",
      params: { browser: "Firefox", system: "Windows" },
    });
    const edge = `${CHROME_LINUX.replace("X11; Linux x86_64", "Windows NT 10.0; Win64; x64")} Edg/131.0.0.0`;
    expect(browserSummary(edge)).toMatchObject({ params: { browser: "Edge", system: "Windows" } });
    const iphone =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    expect(browserSummary(iphone)).toMatchObject({ params: { browser: "Safari", system: "iOS" } });
    expect(browserSummary("curl/8.5.0")).toBe("curl");
    expect(browserSummary("Reset your password at evil.example")).toEqual({
      key: "new_sign_in.unknownBrowser",
    });
    expect(browserSummary(undefined)).toEqual({ key: "new_sign_in.unknownBrowser" });
  });

  it("groups client addresses by network: an IPv4 /24, an IPv6 /48", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113.0/24");
    expect(networkOf("::ffff:203.0.113.99")).toBe("203.0.113.0/24");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("2001:DB8::1")).toBe("2001:db8:0::/48");
    expect(networkOf(undefined)).toBe("unknown");
    // Same agent, same network: the same client; another network: another.
    const a = browserHash({ userAgent: "curl/8.5.0", ip: "203.0.113.7" });
    expect(browserHash({ userAgent: "curl/8.5.0", ip: "203.0.113.200" })).toBe(a);
    expect(browserHash({ userAgent: "curl/8.5.0", ip: "198.51.100.7" })).not.toBe(a);
    expect(browserHash({ userAgent: "curl/8.6.0", ip: "203.0.113.7" })).not.toBe(a);
  });
});

describe.each(databases)("notifications on $name", (target) => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let api: TestApi;

  beforeAll(async () => {
    database = await target.create();
    smtp = await startSmtp();
    api = await startApi(database.knex, { smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
    await database?.destroy();
  });

  const account = (prefix = "notify") => signUp(api, { email: newEmail(prefix) });
  const switches = (user: SignedUp, body: Record<string, unknown>) =>
    api.call("PUT", "/api/v1/me/notifications", { token: user.token, body });
  /** Everything queued is sent (or failed) before the mailbox is looked at. */
  const settle = () => api.app.mail.drain();
  /** The notification mail a user received (sign-up's verification link aside). */
  const mailTo = async (user: SignedUp, where: (m: ReceivedMail) => boolean = () => true) => {
    await settle();
    return smtp
      .to(user.email)
      .filter((m) => !m.subject.startsWith("Verify your email address"))
      .filter(where);
  };
  const queued = (user: SignedUp, kind: string) =>
    api.db("mail_outbox").where({ user_id: user.user.id, kind }).select("id");
  const totpFor = (secret: string) => generate({ secret, epoch: Math.floor(api.clock.now() / 1000) });

  /** Signs in as a browser would (an `Origin`, a user agent, the browser's cookie when it has one). */
  async function browserLogin(user: SignedUp, agent: string, cookie?: string) {
    const res = await api.call("POST", "/api/v1/auth/login", {
      body: { email: user.email, password: user.password },
      headers: {
        Origin: PUBLIC_URL,
        "User-Agent": agent,
        ...(cookie ? { Cookie: `cg_browser=${cookie}` } : {}),
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  }
  const browserCookieOf = (res: { headers: Headers }) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith("cg_browser="))
      ?.split(";")[0]
      ?.slice("cg_browser=".length);

  async function turnOnTotp(user: SignedUp): Promise<string> {
    const { secret } = (await api.call("POST", "/api/v1/me/mfa/totp/setup", { token: user.token })).body;
    const enable = await api.call("POST", "/api/v1/me/mfa/totp/enable", {
      token: user.token,
      body: { code: await totpFor(secret) },
    });
    expect(enable.status, JSON.stringify(enable.body)).toBe(200);
    return secret as string;
  }

  async function createKey(user: SignedUp, extra: Record<string, unknown>) {
    const res = await api.call("POST", "/api/v1/keys", {
      token: user.token,
      body: {
        name: "tutor",
        provider: "openai",
        secret: `sk-test-${randomBytes(12).toString("hex")}`,
        ...extra,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  const usage = (userId: string, keyId: string, tokens: number, embedId: string | null = null) =>
    recordUsage(api.db, {
      userId,
      keyId,
      task: "chat",
      provider: "openai",
      model: "gpt-test",
      inputTokens: tokens,
      outputTokens: 0,
      embedId,
      estimated: false,
      at: new Date(api.clock.now()).toISOString(),
    });

  describe("the switches", () => {
    it("answers every switch on for an account that never changed them", async () => {
      const user = await account();
      const res = await api.call("GET", "/api/v1/me/notifications", { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        keyExpiring: true,
        tutorBudget: true,
        mfaDisabled: true,
        tokenCreated: true,
        newSignIn: true,
      });
    });

    it("changes only the switches sent, answers them all, keeps another user's, and audits the change once", async () => {
      const user = await account();
      const other = await account();
      const put = await switches(user, { tokenCreated: false, newSignIn: false });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body).toEqual({
        keyExpiring: true,
        tutorBudget: true,
        mfaDisabled: true,
        tokenCreated: false,
        newSignIn: false,
      });
      const again = await switches(user, { tutorBudget: false });
      expect(again.body).toMatchObject({ tokenCreated: false, newSignIn: false, tutorBudget: false });
      expect((await api.call("GET", "/api/v1/me/notifications", { token: user.token })).body).toEqual(
        again.body,
      );
      expect((await api.call("GET", "/api/v1/me/notifications", { token: other.token })).body).toMatchObject({
        tokenCreated: true,
        newSignIn: true,
        tutorBudget: true,
      });
      // The same values again change nothing, and nothing more is audited.
      expect((await switches(user, { tutorBudget: false })).status).toBe(200);
      const audited = await api
        .db("audit_log")
        .where({ action: "notifications.updated", actor_id: user.user.id })
        .orderBy("id");
      expect(audited).toHaveLength(2);
      expect(JSON.parse(audited[0].details)).toEqual({ tokenCreated: false, newSignIn: false });
      expect(JSON.parse(audited[1].details)).toEqual({ tutorBudget: false });
    });

    it("refuses an unknown switch, a value that is not a boolean, and a body that is not an object", async () => {
      const user = await account();
      expectError(await switches(user, { tokenCreated: false, weeklyDigest: true }), 400, "invalid_request");
      expectError(await switches(user, { newSignIn: "no" }), 400, "invalid_request");
      expectError(await switches(user, { keyExpiring: 0 }), 400, "invalid_request");
      expectError(await switches(user, { mfaDisabled: null }), 400, "invalid_request");
      expectError(
        await api.call("PUT", "/api/v1/me/notifications", { token: user.token, body: [true] }),
        400,
        "invalid_request",
      );
      // Nothing was half applied.
      expect(
        (await api.call("GET", "/api/v1/me/notifications", { token: user.token })).body.tokenCreated,
      ).toBe(true);
    });

    it("needs a signed-in caller, and an access token with write to change them (read to see them)", async () => {
      const user = await account();
      expectError(await api.call("GET", "/api/v1/me/notifications"), 401, "unauthenticated");
      expectError(
        await api.call("PUT", "/api/v1/me/notifications", { body: { newSignIn: false } }),
        401,
        "unauthenticated",
      );
      const readOnly = await api.call("POST", "/api/v1/me/tokens", {
        token: user.token,
        body: { name: "reader", scopes: ["read"] },
      });
      expect(readOnly.status).toBe(201);
      const token = readOnly.body.token as string;
      expect((await api.call("GET", "/api/v1/me/notifications", { token })).status).toBe(200);
      expectError(
        await api.call("PUT", "/api/v1/me/notifications", { token, body: { newSignIn: false } }),
        403,
        "insufficient_scope",
      );
    });
  });

  describe("two-factor turned off", () => {
    it("tells the owner each time, with a link to the security page", async () => {
      const user = await account("mfa");
      const secret = await turnOnTotp(user);
      api.clock.advance(60_000);
      const off = await api.call("POST", "/api/v1/me/mfa/totp/disable", {
        token: user.token,
        body: { code: await totpFor(secret) },
      });
      expect(off.status).toBe(204);
      const mail = await smtp.waitFor(
        user.email,
        (m) => m.subject === "Two-factor authentication was turned off",
      );
      expect(mail.links).toContain(`${PUBLIC_URL}/security`);
      expect(mail.text).toContain("November 23, 2026");
      // On and off again: a second notice.
      api.clock.advance(60_000);
      const again = await turnOnTotp(user);
      api.clock.advance(60_000);
      await api.call("POST", "/api/v1/me/mfa/totp/disable", {
        token: user.token,
        body: { code: await totpFor(again) },
      });
      expect(
        await mailTo(user, (m) => m.subject === "Two-factor authentication was turned off"),
      ).toHaveLength(2);
    });

    it("sends nothing when the switch is off", async () => {
      const user = await account("mfa-off");
      await switches(user, { mfaDisabled: false });
      const secret = await turnOnTotp(user);
      api.clock.advance(60_000);
      const off = await api.call("POST", "/api/v1/me/mfa/totp/disable", {
        token: user.token,
        body: { code: await totpFor(secret) },
      });
      expect(off.status).toBe(204);
      expect(await queued(user, "mfa_disabled")).toHaveLength(0);
      expect(await mailTo(user)).toHaveLength(0);
    });
  });

  describe("a new access token", () => {
    it("tells the owner its name and scopes, once per token", async () => {
      const user = await account("token");
      const created = await api.call("POST", "/api/v1/me/tokens", {
        token: user.token,
        body: { name: "ci-bot", scopes: ["read", "write"] },
      });
      expect(created.status).toBe(201);
      const mail = await smtp.waitFor(
        user.email,
        (m) => m.subject === "A new access token was created: ci-bot",
      );
      expect(mail.text).toContain("read, write");
      expect(mail.links).toContain(`${PUBLIC_URL}/security`);
      // The token itself is never in the mail.
      expect(mail.raw).not.toContain(created.body.token);
      expect(await mailTo(user, (m) => m.subject.startsWith("A new access token"))).toHaveLength(1);
    });

    it("says nothing of the short-lived tokens a keys grant makes, nor when the switch is off", async () => {
      const user = await account("token-off");
      const principal = {
        user: user.user,
        via: "session" as const,
        scopes: ["read", "write", "keys"] as const,
      };
      await api.app.accounts.createToken(
        { ...principal, scopes: [...principal.scopes] },
        { name: "keys grant", scopes: ["keys"], expiresInMs: 600_000 },
        {},
      );
      await switches(user, { tokenCreated: false });
      const created = await api.call("POST", "/api/v1/me/tokens", {
        token: user.token,
        body: { name: "quiet", scopes: ["read"] },
      });
      expect(created.status).toBe(201);
      expect(await queued(user, "token_created")).toHaveLength(0);
      expect(await mailTo(user)).toHaveLength(0);
    });

    it("speaks the user's language (Spanish), in the text and the HTML part's lang", async () => {
      const user = await account("token-es");
      await api.db("users").where({ id: user.user.id }).update({ locale: "es" });
      await api.call("POST", "/api/v1/me/tokens", {
        token: user.token,
        body: { name: "robot", scopes: ["read"] },
      });
      const mail = await smtp.waitFor(user.email, (m) => m.subject.includes("robot"));
      expect(mail.subject).toBe("Se creó un nuevo token de acceso: robot");
      expect(mail.html).toContain('<html lang="es"');
      // The date in Spanish words too.
      expect(mail.text).toContain("noviembre de 2026");
    });
  });

  describe("a sign-in from a new browser", () => {
    it("records the account's first sign-in without mail, then tells of a browser it has not used, once", async () => {
      const user = await account("browser");
      // signUp signed in once (an API client): the first ever, recorded, not told.
      expect(await api.db("known_browsers").where({ user_id: user.user.id })).toHaveLength(1);
      expect(await queued(user, "new_sign_in")).toHaveLength(0);

      const first = await browserLogin(user, CHROME_LINUX);
      const cookie = browserCookieOf(first);
      expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const setCookie = first.headers.getSetCookie().find((c) => c.startsWith("cg_browser=")) ?? "";
      expect(setCookie.toLowerCase()).toContain("httponly");
      expect(setCookie.toLowerCase()).toContain("samesite=lax");
      // 400 days.
      const expires = Date.parse(/expires=([^;]+)/i.exec(setCookie)?.[1] ?? "");
      expect(Math.abs(expires - (Date.now() + 400 * DAY))).toBeLessThan(DAY);
      const mail = await smtp.waitFor(user.email, (m) => m.subject.startsWith("New sign-in"));
      expect(mail.subject).toBe("New sign-in to Codeground from Chrome on Linux");
      expect(mail.text).toContain("127.0.0.1");
      expect(mail.text).toContain("November 23, 2026");
      expect(mail.links).toContain(`${PUBLIC_URL}/security`);

      // The same browser again: nothing more, and no new cookie.
      const again = await browserLogin(user, CHROME_LINUX, cookie);
      expect(browserCookieOf(again)).toBeUndefined();
      expect(await mailTo(user, (m) => m.subject.startsWith("New sign-in"))).toHaveLength(1);

      // A second browser: told.
      const second = await browserLogin(user, FIREFOX_WINDOWS);
      expect(browserCookieOf(second)).not.toBe(cookie);
      await smtp.waitFor(
        user.email,
        (m) => m.subject === "New sign-in to Codeground from Firefox on Windows",
      );
      expect(await mailTo(user, (m) => m.subject.startsWith("New sign-in"))).toHaveLength(2);

      // Only the cookie's hash is kept.
      const rows = await api.db("known_browsers").where({ user_id: user.user.id });
      expect(rows).toHaveLength(3);
      expect(JSON.stringify(rows)).not.toContain(cookie);
    });

    it("tells an API client apart by its user agent and network, and tells at the two-factor step", async () => {
      const user = await account("browser-api");
      const secret = await turnOnTotp(user);
      api.clock.advance(60_000);
      const login = await api.call("POST", "/api/v1/auth/login", {
        body: { email: user.email, password: user.password },
        headers: { "User-Agent": "curl/8.5.0" },
      });
      expect(login.body.mfaRequired).toBe(true);
      // The password alone is no sign-in: nothing yet.
      expect(await queued(user, "new_sign_in")).toHaveLength(0);
      const done = await api.call("POST", "/api/v1/auth/login/mfa", {
        body: { mfaToken: login.body.mfaToken, code: await totpFor(secret) },
        headers: { "User-Agent": "curl/8.5.0" },
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      // No cookie for a client that is not a browser.
      expect(browserCookieOf(done)).toBeUndefined();
      await smtp.waitFor(user.email, (m) => m.subject === "New sign-in to Codeground from curl");
      // The same client again (same agent, same network): known.
      api.clock.advance(60_000);
      const next = await api.call("POST", "/api/v1/auth/login", {
        body: { email: user.email, password: user.password },
        headers: { "User-Agent": "curl/8.5.0" },
      });
      await api.call("POST", "/api/v1/auth/login/mfa", {
        body: { mfaToken: next.body.mfaToken, code: await totpFor(secret) },
        headers: { "User-Agent": "curl/8.5.0" },
      });
      expect(await mailTo(user, (m) => m.subject.startsWith("New sign-in"))).toHaveLength(1);
    });

    it("sends nothing when the switch is off, and still knows the browser afterwards", async () => {
      const user = await account("browser-off");
      await switches(user, { newSignIn: false });
      const first = await browserLogin(user, CHROME_LINUX);
      expect(await queued(user, "new_sign_in")).toHaveLength(0);
      await switches(user, { newSignIn: true });
      await browserLogin(user, CHROME_LINUX, browserCookieOf(first));
      expect(await queued(user, "new_sign_in")).toHaveLength(0);
      expect(await mailTo(user)).toHaveLength(0);
    });

    it("ignores a cookie that is not one Codeground sets, and a failed sign-in records nothing", async () => {
      const user = await account("browser-hostile");
      const bad = await api.call("POST", "/api/v1/auth/login", {
        body: { email: user.email, password: "not the password" },
        headers: { Origin: PUBLIC_URL, "User-Agent": CHROME_LINUX },
      });
      expect(bad.status).toBe(401);
      expect(browserCookieOf(bad)).toBeUndefined();
      expect(await api.db("known_browsers").where({ user_id: user.user.id })).toHaveLength(1);
      const odd = await browserLogin(user, CHROME_LINUX, "short");
      expect(browserCookieOf(odd)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await smtp.waitFor(user.email, (m) => m.subject.startsWith("New sign-in"));
    });
  });

  describe("keys expiring within 7 days", () => {
    it("tells the owner once per key and expiry, with a link to the keys page; a new expiry is told again", async () => {
      const user = await account("expiry");
      const soon = await createKey(user, {
        name: "soon",
        expiresAt: new Date(api.clock.now() + 3 * DAY).toISOString(),
      });
      await createKey(user, { name: "later", expiresAt: new Date(api.clock.now() + 10 * DAY).toISOString() });
      await createKey(user, { name: "forever" });
      await api.app.notifications.scanOnce();
      const mail = await smtp.waitFor(user.email, (m) => m.subject.startsWith("Your API key soon"));
      expect(mail.subject).toBe("Your API key soon expires on November 26, 2026");
      expect(mail.text).toContain("OpenAI");
      expect(mail.links).toContain(`${PUBLIC_URL}/keys`);
      await api.app.notifications.scanOnce();
      await api.app.notifications.scanOnce();
      expect(await mailTo(user, (m) => m.subject.startsWith("Your API key"))).toHaveLength(1);

      // "later" comes within 7 days when the time moves on; "soon", given a new expiry, again.
      api.clock.advance(4 * DAY);
      const moved = await api.call("PATCH", `/api/v1/keys/${soon}`, {
        token: user.token,
        body: { expiresAt: new Date(api.clock.now() + 2 * DAY).toISOString() },
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await api.app.notifications.scanOnce();
      await smtp.waitFor(user.email, (m) => m.subject === "Your API key later expires on December 3, 2026");
      await smtp.waitFor(user.email, (m) => m.subject === "Your API key soon expires on November 29, 2026");
      await api.app.notifications.scanOnce();
      expect(await mailTo(user, (m) => m.subject.startsWith("Your API key"))).toHaveLength(3);
      api.clock.advance(-4 * DAY);
    });

    it("sends nothing when the switch is off, and nothing for an expired key", async () => {
      const user = await account("expiry-off");
      await createKey(user, { name: "gone", expiresAt: new Date(api.clock.now() + 60_000).toISOString() });
      await switches(user, { keyExpiring: false });
      await createKey(user, { name: "quiet", expiresAt: new Date(api.clock.now() + 2 * DAY).toISOString() });
      await api.app.notifications.scanOnce();
      expect(await queued(user, "key_expiring")).toHaveLength(0);
      // Turned on again after the key expired: still nothing for it.
      await switches(user, { keyExpiring: true });
      api.clock.advance(120_000);
      await api.app.notifications.scanOnce();
      const told = await mailTo(user, (m) => m.subject.startsWith("Your API key"));
      expect(told.map((m) => m.subject)).toEqual([expect.stringContaining("quiet")]);
      api.clock.advance(-120_000);
    });
  });

  describe("tutor budgets at 80 % and 100 %", () => {
    it("tells a key's owner at 80 % and at 100 % of the month, each once", async () => {
      const user = await account("budget");
      const keyId = await createKey(user, { name: "tutor", monthlyTokenBudget: 1000 });
      await usage(user.user.id, keyId, 700);
      await api.app.notifications.scanOnce();
      expect(await queued(user, "budget_warning")).toHaveLength(0);
      await usage(user.user.id, keyId, 150);
      await api.app.notifications.scanOnce();
      const warning = await smtp.waitFor(user.email, (m) => m.subject.includes("85%"));
      expect(warning.subject).toBe("Your key tutor: 85% of this month's tutor budget is used");
      expect(warning.text).toContain("850 of 1,000 tokens");
      expect(warning.links).toContain(`${PUBLIC_URL}/keys`);
      await api.app.notifications.scanOnce();
      await usage(user.user.id, keyId, 100);
      await api.app.notifications.scanOnce();
      expect(await mailTo(user, (m) => m.subject.includes("of this month's tutor budget"))).toHaveLength(1);

      await usage(user.user.id, keyId, 60);
      await api.app.notifications.scanOnce();
      const spent = await smtp.waitFor(user.email, (m) => m.subject.includes("used up"));
      expect(spent.subject).toBe("Your key tutor: this month's tutor budget is used up");
      expect(spent.text).toContain("1,010 of 1,000 tokens");
      await api.app.notifications.scanOnce();
      await api.app.notifications.scanOnce();
      expect(await mailTo(user, (m) => m.subject.startsWith("Your key tutor"))).toHaveLength(2);
      expect(
        (await api.db("notifications_sent").where({ user_id: user.user.id }))
          .map((r) => r.subject_key)
          .sort(),
      ).toEqual([`${keyId}:2026-11:100`, `${keyId}:2026-11:80`]);
    });

    it("tells a course's owner when its sponsored embed's budget is spent", async () => {
      const owner = await account("course-budget");
      await api.db("users").where({ id: owner.user.id }).update({ role: "author" });
      const course = await api.call("POST", "/api/v1/courses", {
        token: owner.token,
        body: { name: "Algorithms 101" },
      });
      expect(course.status, JSON.stringify(course.body)).toBe(201);
      const keyId = await createKey(owner, { name: "sponsor" });
      const embed = await api.call("POST", `/api/v1/courses/${course.body.id}/embeds`, {
        token: owner.token,
        body: {
          name: "course site",
          allowedOrigins: ["https://course.example.edu"],
          features: ["problem", "chat"],
          chat: { sponsored: true, monthlyTokenBudget: 200 },
        },
      });
      expect(embed.status, JSON.stringify(embed.body)).toBe(201);
      await usage(owner.user.id, keyId, 120, embed.body.id);
      await usage(owner.user.id, keyId, 90, embed.body.id);
      await api.app.notifications.scanOnce();
      const mail = await smtp.waitFor(owner.email, (m) => m.subject.includes("used up"));
      expect(mail.subject).toBe("The course Algorithms 101: this month's tutor budget is used up");
      expect(mail.text).toContain("210 of 200 tokens");
      expect(mail.links).toContain(`${PUBLIC_URL}/embeds`);
      await api.app.notifications.scanOnce();
      expect(await mailTo(owner, (m) => m.subject.startsWith("The course"))).toHaveLength(1);
    });

    it("sends nothing when the switch is off", async () => {
      const user = await account("budget-off");
      await switches(user, { tutorBudget: false });
      const keyId = await createKey(user, { name: "quiet", monthlyTokenBudget: 100 });
      await usage(user.user.id, keyId, 100);
      await api.app.notifications.scanOnce();
      expect(await queued(user, "budget_exhausted")).toHaveLength(0);
      expect(await mailTo(user)).toHaveLength(0);
    });

    it("does not count the tokens of an earlier month", async () => {
      const user = await account("budget-month");
      const keyId = await createKey(user, { name: "monthly", monthlyTokenBudget: 100 });
      await usage(user.user.id, keyId, 90);
      await api.app.notifications.scanOnce();
      await smtp.waitFor(user.email, (m) => m.subject.includes("90%"));
      // December: the counters start again; 10 tokens is 10 %.
      api.clock.advance(10 * DAY);
      await usage(user.user.id, keyId, 10);
      await api.app.notifications.scanOnce();
      expect(await mailTo(user, (m) => m.subject.startsWith("Your key monthly"))).toHaveLength(1);
      api.clock.advance(-10 * DAY);
    });
  });

  it("sends a notice once when two senders race for it (the notifications_sent row decides)", async () => {
    const user = await account("race");
    const notice = {
      subjectKey: "race-key:2026-11-30T00:00:00.000Z",
      params: { key: "k", provider: "OpenAI", date: "soon" },
    };
    const outcomes = await Promise.all([
      api.app.notifications.notify(user.user.id, "key_expiring", notice),
      api.app.notifications.notify(user.user.id, "key_expiring", notice),
      api.app.notifications.notify(user.user.id, "key_expiring", notice),
    ]);
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "already_sent")).toHaveLength(2);
    await smtp.waitFor(user.email, (m) => m.subject === "Your API key k expires on soon");
    expect(await mailTo(user, (m) => m.subject.startsWith("Your API key"))).toHaveLength(1);
  });

  it("tells a disabled account nothing", async () => {
    const user = await account("disabled");
    await createKey(user, { name: "idle", expiresAt: new Date(api.clock.now() + DAY).toISOString() });
    await api
      .db("users")
      .where({ id: user.user.id })
      .update({ disabled_at: new Date(api.clock.now()).toISOString() });
    await api.app.notifications.scanOnce();
    expect(await queued(user, "key_expiring")).toHaveLength(0);
  });

  it("sends nothing but the verification link to an address not verified yet", async () => {
    const user = await account("unverified");
    await createKey(user, { name: "unproven", expiresAt: new Date(api.clock.now() + DAY).toISOString() });
    await api.db("users").where({ id: user.user.id }).update({ email_verified_at: null });
    expect(
      await api.app.notifications.notify(user.user.id, "mfa_disabled", { subjectKey: "unverified-check" }),
    ).toBe("unverified");
    await api.app.notifications.scanOnce();
    expect(await queued(user, "key_expiring")).toHaveLength(0);
    expect(await api.db("notifications_sent").where({ user_id: user.user.id })).toHaveLength(0);
  });

  it("goes on with the scan's other notices when one cannot be queued", async () => {
    const broken = await account("scan-broken");
    const fine = await account("scan-fine");
    await createKey(broken, { name: "first", expiresAt: new Date(api.clock.now() + DAY).toISOString() });
    await createKey(fine, { name: "second", expiresAt: new Date(api.clock.now() + 2 * DAY).toISOString() });
    await api.db("users").where({ id: broken.user.id }).update({ email: "broken address" });
    await api.app.notifications.scanOnce();
    await smtp.waitFor(fine.email, (m) => m.subject.startsWith("Your API key second"));
    expect(await api.db("notifications_sent").where({ user_id: broken.user.id })).toHaveLength(0);
  });

  it("keeps the request working when a notification cannot be queued", async () => {
    const user = await account("broken");
    // An address mail refuses (as a damaged row would be): the token is made all the same.
    await api.db("users").where({ id: user.user.id }).update({ email: "not an address" });
    const created = await api.call("POST", "/api/v1/me/tokens", {
      token: user.token,
      body: { name: "still works", scopes: ["read"] },
    });
    expect(created.status).toBe(201);
    expect(api.logs.join("")).toContain("could not queue a notification");
    // Nothing was marked as told: a later attempt could still send it.
    expect(
      await api.db("notifications_sent").where({ user_id: user.user.id, kind: "token_created" }),
    ).toHaveLength(0);
  });
});
