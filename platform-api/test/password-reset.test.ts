import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../src/services/accounts/tokens.js";
import { newEmail, PASSWORD, signUp } from "./support/accounts.js";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { harvestSecrets } from "./support/leaks.js";
import { type ReceivedMail, startSmtp, type TestSmtp } from "./support/smtp.js";

const NEW_PASSWORD = "a brand new passphrase 42";
const RESET_SUBJECT = "Reset your Codeground password";
const CHANGED_SUBJECT = "Your Codeground password was changed";

describe.each(databases)("password reset on $name", (target) => {
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

  /** Asks for a link and waits until the request's work (done after the answer) is over. */
  async function forgot(email: string, on: TestApi = api) {
    const res = await on.call("POST", "/api/v1/auth/password/forgot", { body: { email } });
    await on.app.passwordReset.settled();
    return res;
  }

  /** The `n`-th mail (from 1) of `subject` to `email`, once it has arrived. */
  const nthMail = (email: string, subject: string, n = 1): Promise<ReceivedMail> =>
    smtp.waitFor(
      email,
      (m) => m.subject === subject && smtp.to(email).filter((o) => o.subject === subject)[n - 1] === m,
    );

  /** The reset token in a mail's link; every token read from mail is checked for leaks at close. */
  function tokenIn(mail: ReceivedMail): string {
    const link = mail.links.find((l) => l.startsWith(`${PUBLIC_URL}/reset-password?token=`));
    expect(link, mail.text).toBeDefined();
    const token = new URL(link as string).searchParams.get("token") as string;
    harvestSecrets({ token });
    return token;
  }

  /** Asks for a link for `email` and returns the token of the `n`-th reset mail it got. */
  async function resetToken(email: string, n = 1): Promise<string> {
    const res = await forgot(email);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return tokenIn(await nthMail(email, RESET_SUBJECT, n));
  }

  const reset = (body: { token: string; password: string; code?: string }) =>
    api.call("POST", "/api/v1/auth/password/reset", { body });

  const login = (email: string, password: string) =>
    api.call("POST", "/api/v1/auth/login", { body: { email, password } });

  const totpFor = (secret: string) => generate({ secret, epoch: Math.floor(api.clock.now() / 1000) });

  /** Turns two-factor on for a signed-up account: its secret and recovery codes. */
  async function enableTotp(token: string) {
    const setup = await api.call("POST", "/api/v1/me/mfa/totp/setup", { token });
    expect(setup.status).toBe(200);
    const secret = setup.body.secret as string;
    const enabled = await api.call("POST", "/api/v1/me/mfa/totp/enable", {
      token,
      body: { code: await totpFor(secret) },
    });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    // The next code must be from a later step: a code works once.
    api.clock.advance(30_000);
    return { secret, recoveryCodes: enabled.body.recoveryCodes as string[] };
  }

  const outboxTo = (email: string) => api.db("mail_outbox").where({ to_address: email });

  it("mails a link that sets a new password, ends every session and token, and tells the account", async () => {
    const user = await signUp(api);
    const otherSession = await login(user.email, PASSWORD);
    const pat = await api.call("POST", "/api/v1/me/tokens", { token: user.token, body: { name: "ci" } });
    expect(pat.status).toBe(201);

    const asked = await forgot(user.email);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: "reset_sent" });
    const mail = await nthMail(user.email, RESET_SUBJECT);
    const token = tokenIn(mail);
    expect(token).toMatch(/^cgr_/);
    expect(mail.html).toContain(`${PUBLIC_URL}/reset-password?token=${token}`);

    // Stored as a hash only, for 30 minutes.
    const rows = await api.db("email_tokens").where({ user_id: user.user.id, purpose: "reset" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ token_hash: hashToken(token), used_at: null });
    expect(Date.parse(rows[0].expires_at) - Date.parse(rows[0].created_at)).toBe(30 * 60 * 1000);
    expect(JSON.stringify(await api.db("email_tokens").select())).not.toContain(token);

    const done = await reset({ token, password: NEW_PASSWORD });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ status: "password_changed" });

    expectError(await login(user.email, PASSWORD), 401, "invalid_credentials");
    expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
    for (const old of [user.token, otherSession.body.token as string, pat.body.token as string]) {
      expectError(await api.call("GET", "/api/v1/me", { token: old }), 401);
    }
    const tokens = await api.db("personal_access_tokens").where({ user_id: user.user.id });
    expect(tokens.every((t) => t.revoked_at !== null)).toBe(true);

    const changed = await nthMail(user.email, CHANGED_SUBJECT);
    expect(changed.text).toContain("Every session and access token was ended");

    const audit = await api
      .db("audit_log")
      .whereIn("action", ["auth.password.forgot", "auth.password.reset"]);
    const mine = audit.filter((a) => a.target_id === user.user.id);
    expect(mine.map((a) => a.action).sort()).toEqual(["auth.password.forgot", "auth.password.reset"]);
    expect(JSON.stringify(audit)).not.toContain(token);

    // The link works once.
    expectError(await reset({ token, password: "yet another passphrase" }), 400, "link_invalid");
  });

  it("asks for a second factor when two-factor is on: no code or a wrong one leaves the link usable", async () => {
    const user = await signUp(api);
    const { secret } = await enableTotp(user.token);
    const token = await resetToken(user.email);

    const none = expectError(await reset({ token, password: NEW_PASSWORD }), 401, "second_factor_required");
    expect(none.message).toMatch(/recovery code/);
    expectError(await reset({ token, password: NEW_PASSWORD, code: "000000" }), 401, "invalid_code");
    expectError(await login(user.email, NEW_PASSWORD), 401, "invalid_credentials");

    const done = await reset({ token, password: NEW_PASSWORD, code: await totpFor(secret) });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // Two-factor stays on: the new password leads to the code step.
    const signIn = await login(user.email, NEW_PASSWORD);
    expect(signIn.status).toBe(200);
    expect(signIn.body.mfaRequired).toBe(true);
  });

  it("takes a recovery code instead of a TOTP code, once", async () => {
    const user = await signUp(api);
    const { recoveryCodes } = await enableTotp(user.token);
    const code = recoveryCodes[0] as string;
    const first = await resetToken(user.email);
    expect((await reset({ token: first, password: NEW_PASSWORD, code })).status).toBe(200);
    expect((await login(user.email, NEW_PASSWORD)).body.mfaRequired).toBe(true);

    const second = await resetToken(user.email, 2);
    expectError(await reset({ token: second, password: "another passphrase 77", code }), 401, "invalid_code");
  });

  it("refuses a link past its 30 minutes", async () => {
    const user = await signUp(api);
    const token = await resetToken(user.email);
    api.clock.advance(30 * 60 * 1000 + 1000);
    const error = expectError(await reset({ token, password: NEW_PASSWORD }), 400, "link_invalid");
    expect(error.message).toMatch(/Ask for a new one/);
    expect((await login(user.email, PASSWORD)).status).toBe(200);
  });

  it("refuses a verification link's token at the reset endpoint, and leaves it usable", async () => {
    const email = newEmail("unverified");
    const signup = await api.call("POST", "/api/v1/auth/signup", { body: { email, password: PASSWORD } });
    expect(signup.status).toBe(202);
    const verifyMail = await smtp.waitFor(email, (m) =>
      m.links.some((l) => l.includes("/verify-email?token=")),
    );
    const link = verifyMail.links.find((l) => l.includes("/verify-email?token=")) as string;
    const token = new URL(link).searchParams.get("token") as string;
    harvestSecrets({ token });

    expectError(await reset({ token, password: NEW_PASSWORD }), 400, "link_invalid");
    expectError(await login(email, NEW_PASSWORD), 401, "invalid_credentials");
    const verified = await api.call("POST", "/api/v1/auth/email/verify", { body: { token } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  });

  it("changes only the account the link was sent to; another account's code does not pass for it", async () => {
    const a = await signUp(api);
    const b = await signUp(api);
    const aTotp = await enableTotp(a.token);
    const bTotp = await enableTotp(b.token);
    const aToken = await resetToken(a.email);

    expectError(
      await reset({ token: aToken, password: NEW_PASSWORD, code: await totpFor(bTotp.secret) }),
      401,
      "invalid_code",
    );
    expectError(
      await reset({ token: aToken, password: NEW_PASSWORD, code: bTotp.recoveryCodes[0] as string }),
      401,
      "invalid_code",
    );
    expect(
      (await reset({ token: aToken, password: NEW_PASSWORD, code: await totpFor(aTotp.secret) })).status,
    ).toBe(200);
    expectError(await login(b.email, NEW_PASSWORD), 401, "invalid_credentials");
    expect((await login(b.email, PASSWORD)).body.mfaRequired).toBe(true);
    // B's own session lives on; A's ended.
    expect((await api.call("GET", "/api/v1/me", { token: b.token })).status).toBe(200);
    expectError(await api.call("GET", "/api/v1/me", { token: a.token }), 401);
  });

  it("answers an unknown address the same way, sends nothing and keeps the address out of the audit log", async () => {
    const email = newEmail("nobody");
    const res = await forgot(email);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: "reset_sent" });
    await api.app.mail.drain();
    expect(await outboxTo(email)).toHaveLength(0);
    expect(smtp.to(email)).toHaveLength(0);
    const audit = await api
      .db("audit_log")
      .where({ action: "auth.password.forgot" })
      .orderBy("id", "desc")
      .first();
    expect(JSON.parse(audit.details)).toEqual({ outcome: "no_account" });
    expect(JSON.stringify(await api.db("audit_log").select())).not.toContain(email);
  });

  it("limits requests per typed address with the same 429 for a known and an unknown one; only the newest link works", async () => {
    const user = await signUp(api);
    const unknown = newEmail("nobody");
    const answers = { known: [] as { status: number }[], unknown: [] as { status: number }[] };
    for (let i = 0; i < 4; i++) {
      answers.known.push(await forgot(user.email));
      answers.unknown.push(await forgot(unknown));
    }
    expect(answers.known.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    expect(answers.unknown.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    const known = answers.known[3] as Awaited<ReturnType<TestApi["call"]>>;
    const other = answers.unknown[3] as Awaited<ReturnType<TestApi["call"]>>;
    expectError(known, 429, "rate_limited");
    expect({ ...other.body.error, requestId: "" }).toEqual({ ...known.body.error, requestId: "" });
    expect(Number(known.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(other.headers.get("Retry-After"))).toBeGreaterThan(0);

    const tokens = [1, 2, 3];
    const links = await Promise.all(
      tokens.map(async (n) => tokenIn(await nthMail(user.email, RESET_SUBJECT, n))),
    );
    expect(smtp.to(unknown)).toHaveLength(0);
    expectError(await reset({ token: links[0] as string, password: NEW_PASSWORD }), 400, "link_invalid");
    expectError(await reset({ token: links[1] as string, password: NEW_PASSWORD }), 400, "link_invalid");
    expect((await reset({ token: links[2] as string, password: NEW_PASSWORD })).status).toBe(200);
  });

  it("sends an account at most five links a day, across instances, still answering 202", async () => {
    const user = await signUp(api);
    // A second instance on the same database: its address limit counts apart, the account's does not.
    const other = await startApi(database.knex, { smtpUrl: smtp.url });
    try {
      other.clock.t = api.clock.now();
      for (let i = 0; i < 3; i++) expect((await forgot(user.email)).status).toBe(202);
      for (let i = 0; i < 3; i++) expect((await forgot(user.email, other)).status).toBe(202);
      await nthMail(user.email, RESET_SUBJECT, 5);
      await api.app.mail.drain();
      await other.app.mail.drain();
      expect(await outboxTo(user.email).where({ kind: "password_reset" })).toHaveLength(5);
      expect(smtp.to(user.email).filter((m) => m.subject === RESET_SUBJECT)).toHaveLength(5);
      const audit = await api
        .db("audit_log")
        .where({ action: "auth.password.forgot", target_id: user.user.id });
      expect(audit.map((a) => JSON.parse(a.details).outcome)).toContain("account_limit");
    } finally {
      await other.close();
    }
  });

  it("limits requests per client address", async () => {
    const own = await startApi(database.knex, { smtpUrl: smtp.url });
    try {
      for (let i = 0; i < 30; i++) expect((await forgot(newEmail("walk"), own)).status).toBe(202);
      expectError(await forgot(newEmail("walk"), own), 429, "rate_limited");
    } finally {
      await own.close();
    }
  });

  it("answers 202 while the SMTP server is down and sends the link once it is back", async () => {
    const user = await signUp(api);
    smtp.down();
    try {
      expect((await forgot(user.email)).status).toBe(202);
      await api.app.mail.drain();
      const [queued] = await outboxTo(user.email).where({ kind: "password_reset" });
      expect(queued).toMatchObject({ status: "pending" });
      expect(Number(queued.attempts)).toBeGreaterThanOrEqual(1);
      expect(queued.last_error).toContain("421");
      expect(smtp.to(user.email).filter((m) => m.subject === RESET_SUBJECT)).toHaveLength(0);
    } finally {
      smtp.up();
    }
    api.clock.advance(10 * 60 * 1000);
    await api.app.mail.drain();
    const token = tokenIn(await nthMail(user.email, RESET_SUBJECT));
    expect(await outboxTo(user.email).where({ kind: "password_reset" }).first()).toMatchObject({
      status: "sent",
    });
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);
  });

  it("refuses a header injected through the address, and queues nothing", async () => {
    const before = (await api.db("mail_outbox").select("id")).length;
    for (const email of [
      "a@b.com\r\nBcc: x@y.com",
      "a@b.com\nBcc: x@y.com",
      "a@b.com, x@y.com",
      "Ada <a@b.com>",
    ]) {
      expectError(
        await api.call("POST", "/api/v1/auth/password/forgot", { body: { email } }),
        400,
        "invalid_request",
      );
    }
    await api.app.passwordReset.settled();
    expect((await api.db("mail_outbox").select("id")).length).toBe(before);
    expect(smtp.to("x@y.com")).toHaveLength(0);
  });

  it("refuses malformed and unknown tokens, and a disabled account's link, with the same answer", async () => {
    expectError(await reset({ token: "short", password: NEW_PASSWORD }), 400, "invalid_request");
    expectError(await reset({ token: `cgr_${"x".repeat(43)}`, password: NEW_PASSWORD }), 400, "link_invalid");
    const user = await signUp(api);
    const token = await resetToken(user.email);
    await api.db("users").where({ id: user.user.id }).update({ disabled_at: new Date().toISOString() });
    expectError(await reset({ token, password: NEW_PASSWORD }), 400, "link_invalid");
    // The short password rule holds here as at sign-up.
    await api.db("users").where({ id: user.user.id }).update({ disabled_at: null });
    expectError(await reset({ token, password: "short" }), 400, "invalid_request");
  });

  it("refuses a link mailed to an address the account no longer has", async () => {
    const user = await signUp(api);
    const token = await resetToken(user.email);
    await api
      .db("users")
      .where({ id: user.user.id })
      .update({ email: newEmail("moved") });
    expectError(await reset({ token, password: NEW_PASSWORD }), 400, "link_invalid");
    const audit = await api
      .db("audit_log")
      .where({ action: "auth.password.reset_failed", target_id: user.user.id });
    expect(audit.map((a) => JSON.parse(a.details).reason)).toEqual(["address_changed"]);
  });

  it("counts a followed reset link as a verified address", async () => {
    const user = await signUp(api, { verified: false });
    expect(user.user.emailVerified).toBe(false);
    const token = await resetToken(user.email);
    expect((await reset({ token, password: NEW_PASSWORD })).status).toBe(200);
    const login = await api.call("POST", "/api/v1/auth/login", {
      body: { email: user.email, password: NEW_PASSWORD },
    });
    expect(login.body.user.emailVerified).toBe(true);
  });

  it("writes the link in the account's language", async () => {
    const user = await signUp(api);
    const patched = await api.call("PATCH", "/api/v1/me", { token: user.token, body: { locale: "es" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await forgot(user.email)).status).toBe(202);
    const mail = await smtp.waitFor(
      user.email,
      (m) => m.subject === "Restablece tu contraseña de Codeground",
    );
    tokenIn(mail);
  });
});
