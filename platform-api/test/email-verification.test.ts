import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../src/services/accounts/tokens.js";
import { newEmail, PASSWORD, signUp } from "./support/accounts.js";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { harvestSecrets } from "./support/leaks.js";
import { type ReceivedMail, startSmtp, type TestSmtp } from "./support/smtp.js";

const VERIFY_SUBJECT = "Verify your email address for Codeground";
const EXISTING_SUBJECT = "Someone tried to sign up with your address";
const CHANGE_SUBJECT = "Confirm your new email address for Codeground";
const CHANGED_SUBJECT = "Your Codeground email address was changed";
const DAY_MS = 24 * 3600 * 1000;

describe.each(databases)("email verification on $name", (target) => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let api: TestApi;
  /** Every link token read from mail: none may sit in plaintext in the database. */
  const tokens: string[] = [];

  beforeAll(async () => {
    database = await target.create();
    smtp = await startSmtp();
    api = await startApi(database.knex, { smtpUrl: smtp.url });
  });

  afterAll(async () => {
    // The leak check at close covers every token harvested below, in logs and in every table.
    await api?.close();
    await smtp?.close();
    await database?.destroy();
  });

  /** The `n`-th mail (from 1) of `subject` to `email`, once it has arrived. */
  const nthMail = (email: string, subject: string, n = 1): Promise<ReceivedMail> =>
    smtp.waitFor(
      email,
      (m) => m.subject === subject && smtp.to(email).filter((o) => o.subject === subject)[n - 1] === m,
    );

  /** The token of a mail's `/verify-email` link; harvested, so the leak check looks for it. */
  function tokenIn(mail: ReceivedMail): string {
    const link = mail.links.find((l) => l.startsWith(`${PUBLIC_URL}/verify-email?token=`));
    expect(link, mail.text).toBeDefined();
    const token = new URL(link as string).searchParams.get("token") as string;
    expect(token).toMatch(/^cgv_[A-Za-z0-9_-]{43}$/);
    harvestSecrets({ token });
    tokens.push(token);
    return token;
  }

  const verify = (token: string) => api.call("POST", "/api/v1/auth/email/verify", { body: { token } });
  const signupCall = (email: string, password = PASSWORD) =>
    api.call("POST", "/api/v1/auth/signup", { body: { email, password } });
  const login = (email: string, password = PASSWORD) =>
    api.call("POST", "/api/v1/auth/login", { body: { email, password } });
  const createCourse = (token: string) =>
    api.call("POST", "/api/v1/courses", { token, body: { name: "Algorithms 101" } });

  it("signs a new address up, mails a link, and once it is followed the account may create courses", async () => {
    const email = newEmail("verify");
    const accepted = await signupCall(email);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ status: "verification_sent" });
    expect(accepted.headers.get("set-cookie")).toBeNull();
    const signedIn = await login(email);
    expect(signedIn.status).toBe(200);
    const token = signedIn.body.token as string;
    expect(signedIn.body.user).toMatchObject({ email, emailVerified: false });

    // Unverified: everything but courses and embeds.
    const refused = expectError(await createCourse(token), 403, "email_unverified");
    expect(refused.message).toContain(email);
    expect(refused.message).toContain("ask for a new one");
    expectError(
      await api.call("POST", "/api/v1/embeds", {
        token,
        body: { name: "c", allowedOrigins: ["https://course.example.edu"], features: ["problem"] },
      }),
      403,
      "email_unverified",
    );
    expect((await api.call("GET", "/api/v1/courses", { token })).status).toBe(200);
    expect((await api.call("GET", "/api/v1/me", { token })).body.emailVerified).toBe(false);

    const mail = await nthMail(email, VERIFY_SUBJECT);
    expect(mail.text).toContain("24 hours");
    const link = tokenIn(mail);
    // No session: the link may be opened in another browser.
    const verified = await verify(link);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({ email, emailVerified: true, locale: null });

    // The same session sees the change at once (its cached principal was dropped).
    expect((await api.call("GET", "/api/v1/me", { token })).body.emailVerified).toBe(true);
    expect((await createCourse(token)).status).toBe(201);
    const audit = await api
      .db("audit_log")
      .where({ action: "auth.email.verified", actor_id: verified.body.id });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(link);

    // Used once: the second time, the link is refused with a clear word.
    const again = expectError(await verify(link), 400, "link_invalid");
    expect(again.message).toMatch(/already used|expired/);
  });

  it("refuses an unverified course editor's new embed in the course", async () => {
    const owner = await signUp(api);
    const course = await createCourse(owner.token);
    expect(course.status).toBe(201);
    // The address stops counting as verified (as if it had never been); a new sign-in sees that.
    await api.db("users").where({ id: owner.user.id }).update({ email_verified_at: null });
    const fresh = (await login(owner.email)).body.token as string;
    expectError(
      await api.call("POST", `/api/v1/courses/${course.body.id}/embeds`, {
        token: fresh,
        body: { name: "Week 1", allowedOrigins: ["https://course.example.edu"] },
      }),
      403,
      "email_unverified",
    );
  });

  it("answers a known address exactly as a new one, makes no second account, and tells the owner", async () => {
    const owner = await signUp(api);
    const stranger = newEmail("stranger");
    const unknown = await signupCall(stranger, "the stranger's passphrase");
    const known = await signupCall(owner.email, "the stranger's passphrase");
    expect(known.status).toBe(unknown.status);
    expect(known.body).toEqual(unknown.body);
    expect(known.headers.get("set-cookie")).toBeNull();
    expect(await api.db("users").where({ email: owner.email })).toHaveLength(1);

    const told = await nthMail(owner.email, EXISTING_SUBJECT);
    expect(told.links).toContain(`${PUBLIC_URL}/forgot-password`);
    expect(told.text).toContain("No second account was made");
    // The owner's password is untouched; the stranger's does not sign in to it.
    expectError(await login(owner.email, "the stranger's passphrase"), 401, "invalid_credentials");
    expect((await login(owner.email)).status).toBe(200);
    // Its own sign-up's link, and no new one.
    expect(smtp.to(owner.email).filter((m) => m.subject === VERIFY_SUBJECT)).toHaveLength(1);
    const duplicate = await api.db("audit_log").where({ action: "auth.signup.duplicate" });
    expect(duplicate.length).toBeGreaterThan(0);
  });

  it("sends the link again (the older one stops working), 409 once verified, 429 when flooded", async () => {
    const user = await signUp(api, { verified: false });
    const first = tokenIn(await nthMail(user.email, VERIFY_SUBJECT, 1));
    const resent = await api.call("POST", "/api/v1/me/email/verification", { token: user.token });
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ status: "verification_sent" });
    const second = tokenIn(await nthMail(user.email, VERIFY_SUBJECT, 2));
    expect(second).not.toBe(first);
    expectError(await verify(first), 400, "link_invalid");
    expect((await verify(second)).status).toBe(200);
    expectError(
      await api.call("POST", "/api/v1/me/email/verification", { token: user.token }),
      409,
      "already_verified",
    );

    const flooder = await signUp(api, { verified: false });
    for (let i = 0; i < 5; i++) {
      const res = await api.call("POST", "/api/v1/me/email/verification", { token: flooder.token });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    const limited = await api.call("POST", "/api/v1/me/email/verification", { token: flooder.token });
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(60);
    // Sign-up's mail and five more, no sixth.
    await nthMail(flooder.email, VERIFY_SUBJECT, 6);
    expect(smtp.to(flooder.email).filter((m) => m.subject === VERIFY_SUBJECT)).toHaveLength(6);
    for (const mail of smtp.to(flooder.email)) tokenIn(mail);
  });

  it("changes the address only when the new one's link is followed, and tells the old address", async () => {
    const user = await signUp(api);
    const next = newEmail("moved");
    const change = (body: { email: string; password: string }) =>
      api.call("POST", "/api/v1/me/email", { token: user.token, body });

    expectError(await change({ email: next, password: "not the password" }), 401, "invalid_credentials");
    expectError(await change({ email: user.email, password: PASSWORD }), 400, "email_unchanged");
    const other = await signUp(api);
    expectError(await change({ email: other.email, password: PASSWORD }), 409, "email_taken");

    const asked = await change({ email: next, password: PASSWORD });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const link = tokenIn(await nthMail(next, CHANGE_SUBJECT));
    // Before the link: nothing changed.
    expect((await api.call("GET", "/api/v1/me", { token: user.token })).body.email).toBe(user.email);
    expectError(await login(next), 401, "invalid_credentials");
    expect(smtp.to(user.email).filter((m) => m.subject === CHANGED_SUBJECT)).toHaveLength(0);

    const followed = await verify(link);
    expect(followed.status, JSON.stringify(followed.body)).toBe(200);
    expect(followed.body).toMatchObject({ id: user.user.id, email: next, emailVerified: true });
    expect((await api.call("GET", "/api/v1/me", { token: user.token })).body.email).toBe(next);
    const told = await nthMail(user.email, CHANGED_SUBJECT);
    expect(told.text).toContain(next);
    expect(told.links).toContain(`${PUBLIC_URL}/forgot-password`);
    expect((await login(next)).status).toBe(200);
    expectError(await login(user.email), 401, "invalid_credentials");
    const audit = await api.db("audit_log").where({ action: "auth.email.changed", actor_id: user.user.id });
    expect(audit).toHaveLength(1);
    expectError(await verify(link), 400, "link_invalid");
  });

  it("refuses an address-change link when another account took the address meanwhile", async () => {
    const user = await signUp(api);
    const wanted = newEmail("wanted");
    const asked = await api.call("POST", "/api/v1/me/email", {
      token: user.token,
      body: { email: wanted, password: PASSWORD },
    });
    expect(asked.status).toBe(202);
    const link = tokenIn(await nthMail(wanted, CHANGE_SUBJECT));
    await signUp(api, { email: wanted });
    expectError(await verify(link), 409, "email_taken");
    expect((await api.call("GET", "/api/v1/me", { token: user.token })).body.email).toBe(user.email);
  });

  it("refuses an expired link, another purpose's token, an unknown one, and a link followed twice at once", async () => {
    const late = await signUp(api, { verified: false });
    const expired = tokenIn(await nthMail(late.email, VERIFY_SUBJECT));
    api.clock.advance(DAY_MS + 1000);
    expectError(await verify(expired), 400, "link_invalid");
    expect((await api.call("GET", "/api/v1/me", { token: late.token })).body.emailVerified).toBe(false);

    // A password reset link's token is not a verification link, and stays unspent.
    const user = await signUp(api, { verified: false });
    const reset = await api.call("POST", "/api/v1/auth/password/forgot", { body: { email: user.email } });
    expect(reset.status).toBe(202);
    await api.app.passwordReset?.settled();
    const resetMail = await smtp.waitFor(user.email, (m) => m.subject === "Reset your Codeground password");
    const resetLink = resetMail.links.find((l) => l.startsWith(`${PUBLIC_URL}/reset-password?token=`));
    const resetToken = new URL(resetLink as string).searchParams.get("token") as string;
    harvestSecrets({ token: resetToken });
    expectError(await verify(resetToken), 400, "link_invalid");
    const resetRow = await api
      .db("email_tokens")
      .where({ token_hash: hashToken(resetToken) })
      .first();
    expect(resetRow).toMatchObject({ purpose: "reset", used_at: null });

    expectError(await verify(`cgv_${"A".repeat(43)}`), 400, "link_invalid");
    expectError(await verify("short"), 400, "invalid_request");

    // Two requests with one link: exactly one verifies.
    const link = tokenIn(await nthMail(user.email, VERIFY_SUBJECT));
    const both = await Promise.all([verify(link), verify(link)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it("refuses header injection through the new address and the sign-up address", async () => {
    const user = await signUp(api);
    const victim = newEmail("victim");
    for (const email of [
      `eve@example.com\r\nBcc: ${victim}`,
      `eve@example.com\nBcc: ${victim}`,
      `"Eve" <eve@example.com>, ${victim}`,
    ]) {
      expectError(
        await api.call("POST", "/api/v1/me/email", {
          token: user.token,
          body: { email, password: PASSWORD },
        }),
        400,
        "invalid_request",
      );
      expectError(await signupCall(email), 400, "invalid_request");
    }
    expect(await api.db("email_tokens").where({ user_id: user.user.id, purpose: "change" })).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.to(victim)).toHaveLength(0);
  });

  it("limits sign-ups per address with the same 429 for a known and an unknown address", async () => {
    const known = await signUp(api);
    const unknown = newEmail("flood");
    // The known address's own sign-up counted once already.
    for (let i = 1; i < 5; i++) expect((await signupCall(known.email)).status).toBe(202);
    for (let i = 0; i < 5; i++) expect((await signupCall(unknown)).status).toBe(202);
    const knownLimited = await signupCall(known.email);
    const unknownLimited = await signupCall(unknown);
    const a = expectError(knownLimited, 429, "rate_limited");
    const b = expectError(unknownLimited, 429, "rate_limited");
    expect(a.message).toBe(b.message);
    expect(a.type).toBe(b.type);
    expect(await api.db("users").where({ email: known.email })).toHaveLength(1);
    expect(await api.db("users").where({ email: unknown })).toHaveLength(1);
  });

  it("keeps only hashes of the links: no token read from mail is in the database", async () => {
    expect(tokens.length).toBeGreaterThan(5);
    const rows = await api.db("email_tokens").select();
    const dump = JSON.stringify(rows);
    for (const token of tokens) {
      expect(dump).not.toContain(token);
      expect(rows.some((r) => r.token_hash === hashToken(token))).toBe(true);
    }
    expect(JSON.stringify(await api.db("mail_outbox").select())).not.toContain("cgv_");
    expect(JSON.stringify(await api.db("audit_log").select())).not.toContain("cgv_");
    expect(api.logs.join("\n")).not.toContain("cgv_");
  });
});
