import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeProvider, startFakeProvider } from "../../platform-api/test/support/fake-openai.js";
import {
  AuthenticationError,
  Codeground,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ValidationError,
} from "../src/index.js";
import { newAccount, PASSWORD, startTestApi, sumProblem, type TestApi } from "./support/api.js";

const ORIGIN = "https://course.example.edu";

describe("the SDK against the real platform API", () => {
  let api: TestApi;
  let close: () => Promise<void>;
  let provider: FakeProvider;

  beforeAll(async () => {
    provider = await startFakeProvider();
    ({ api, close } = await startTestApi({ allowPrivateProviderUrls: [provider.url] }));
  });
  afterAll(async () => {
    await close?.();
    await provider?.close();
  });

  const totpFor = (secret: string) => generate({ secret, epoch: Math.floor(api.clock.now() / 1000) });
  /** The API refuses a TOTP code twice in one step: move to the next one. */
  const nextStep = () => api.clock.advance(30_000);

  describe("auth and me", () => {
    it("signs up, reads /me, logs in and out", async () => {
      const { cg, email, session } = await newAccount(api);
      expect(session.user.email).toBe(email);
      const me = await cg.me.get();
      expect(me).toMatchObject({ email, role: "learner", mfaEnabled: false });

      const login = await new Codeground({ baseUrl: api.url }).auth.login({ email, password: PASSWORD });
      expect(login.mfaRequired).toBe(false);
      if (login.mfaRequired) throw new Error("unexpected");
      const second = cg.withToken(login.token);
      expect((await second.me.get()).id).toBe(me.id);
      await second.auth.logout();
      await expect(second.me.get()).rejects.toBeInstanceOf(AuthenticationError);
      // The first session is untouched.
      expect((await cg.me.get()).id).toBe(me.id);
    });

    it("signs up with one answer for a new and a known address, and asks for verification links", async () => {
      const anonymous = new Codeground({ baseUrl: api.url });
      const email = `sdk-verify-${randomBytes(4).toString("hex")}@example.com`;
      expect(await anonymous.auth.signup({ email, password: PASSWORD, locale: "fr" })).toEqual({
        status: "verification_sent",
      });
      expect(await anonymous.auth.signup({ email, password: PASSWORD })).toEqual({
        status: "verification_sent",
      });
      const session = await anonymous.auth.login({ email, password: PASSWORD });
      if (session.mfaRequired || !session.token) throw new Error("unexpected");
      expect(session.user).toMatchObject({ email, emailVerified: false, locale: "fr" });
      const cg = anonymous.withToken(session.token);
      expect(await cg.me.resendVerification()).toEqual({ status: "verification_sent" });
      await expect(anonymous.auth.verifyEmail(`cgv_${"x".repeat(43)}`)).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(cg.courses.create({ name: "Not yet" })).rejects.toBeInstanceOf(PermissionError);
      await expect(
        cg.me.changeEmail({ email: `elsewhere-${email}`, password: "not the password" }),
      ).rejects.toBeInstanceOf(AuthenticationError);
      expect(await cg.me.changeEmail({ email: `elsewhere-${email}`, password: PASSWORD })).toEqual({
        status: "verification_sent",
      });

      const verified = await newAccount(api);
      await expect(verified.cg.me.resendVerification()).rejects.toBeInstanceOf(ConflictError);
    });

    it("sets up TOTP, logs in with a second factor, regenerates recovery codes and disables it", async () => {
      const { cg, email } = await newAccount(api);
      const setup = await cg.me.totp.setup();
      expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
      expect(setup.qrSvg).toContain("<svg");
      const enabled = await cg.me.totp.enable({ code: await totpFor(setup.secret) });
      expect(enabled.recoveryCodes).toHaveLength(10);
      expect((await cg.me.get()).mfaEnabled).toBe(true);

      const anonymous = new Codeground({ baseUrl: api.url });
      const first = await anonymous.auth.login({ email, password: PASSWORD });
      if (!first.mfaRequired) throw new Error("a second factor should be required");
      nextStep();
      const session = await anonymous.auth.loginMfa({
        mfaToken: first.mfaToken,
        code: await totpFor(setup.secret),
      });
      if (session.mfaRequired) throw new Error("unexpected");
      expect(session.user.email).toBe(email);

      // A recovery code works in place of a TOTP code, once.
      const again = await anonymous.auth.login({ email, password: PASSWORD });
      if (!again.mfaRequired) throw new Error("a second factor should be required");
      const recovered = await anonymous.auth.loginMfa({
        mfaToken: again.mfaToken,
        code: enabled.recoveryCodes[0] as string,
      });
      expect(recovered.mfaRequired).toBe(false);

      nextStep();
      const codes = await cg.me.recoveryCodes({ code: await totpFor(setup.secret) });
      expect(codes.recoveryCodes).toHaveLength(10);
      expect(codes.recoveryCodes).not.toContain(enabled.recoveryCodes[1]);
      nextStep();
      expect(await cg.me.totp.disable({ code: await totpFor(setup.secret) })).toBeUndefined();
      expect((await cg.me.get()).mfaEnabled).toBe(false);
    });

    it("creates, lists and revokes personal access tokens", async () => {
      const { cg } = await newAccount(api);
      const created = await cg.me.tokens.create({ name: "ci", scopes: ["read"] });
      expect(created.token).toBeTruthy();
      expect(created.scopes).toEqual(["read"]);
      const listed = await cg.me.tokens.list();
      expect(listed.map((t) => t.id)).toContain(created.id);
      expect(JSON.stringify(listed)).not.toContain(created.token);

      const pat = cg.withToken(created.token);
      expect((await pat.me.get()).email).toBeTruthy();
      // A read-only token may not write, and no token may mint tokens.
      const denied = await pat.me.tokens.create({ name: "more" }).catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(PermissionError);
      await cg.me.tokens.delete(created.id);
      await expect(pat.me.get()).rejects.toBeInstanceOf(AuthenticationError);
    });
  });

  describe("keys and preferences", () => {
    it("creates, reads, updates, verifies and deletes a vault key, never seeing the secret", async () => {
      const { cg } = await newAccount(api);
      const secret = `sk-sdk-${randomBytes(12).toString("hex")}`;
      provider.keys.add(secret);
      const key = await cg.keys.create({
        name: "work",
        provider: "openai-compatible",
        secret,
        baseUrl: `${provider.url}/v1`,
        model: "fake-model",
      });
      expect(key).toMatchObject({ name: "work", provider: "openai-compatible", last4: secret.slice(-4) });
      expect(JSON.stringify(key)).not.toContain(secret);
      expect((await cg.keys.list()).map((k) => k.id)).toEqual([key.id]);
      expect((await cg.keys.get(key.id)).fingerprint).toBe(key.fingerprint);
      expect((await cg.keys.update(key.id, { name: "renamed", model: null })).model).toBeNull();
      const verified = await cg.keys.verify(key.id);
      expect(verified.ok).toBe(true);

      expect(await cg.me.preferences.get()).toEqual({ keys: { chat: null, feedback: null } });
      expect(await cg.me.preferences.update({ keys: { chat: key.id } })).toEqual({
        keys: { chat: key.id, feedback: null },
      });
      await cg.keys.delete(key.id);
      await expect(cg.keys.get(key.id)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("problems", () => {
    it("creates, reads, replaces, lists page by page, exports, imports and deletes problems", async () => {
      const { cg } = await newAccount(api, "author");
      const prefix = `sdk-p-${randomBytes(3).toString("hex")}`;
      const doc = sumProblem(`${prefix}-a`);
      const created = await cg.problems.create(doc);
      expect(created).toMatchObject({ slug: doc.slug, testCount: 3, editable: true, version: 1 });
      // Learners see the sample only.
      expect(created.samples).toEqual([{ name: "small", input: "1 2\n", expected: "3\n" }]);

      const replaced = await cg.problems.replace(doc.slug, { ...doc, title: "Sum of two" });
      expect(replaced).toMatchObject({ title: "Sum of two", version: 2 });
      expect((await cg.problems.get(doc.slug)).title).toBe("Sum of two");

      const imported = await cg.problems.import({
        problems: [sumProblem(`${prefix}-b`), sumProblem(`${prefix}-c`)],
      });
      expect(imported.problems.map((p) => p.action)).toEqual(["created", "created"]);

      const page = await cg.problems.list({ q: prefix, limit: 2 });
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).toBeTruthy();
      const all = await cg.problems.listAll({ q: prefix, limit: 1 });
      expect(all.map((p) => p.slug).sort()).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
      const iterated: string[] = [];
      for await (const problem of cg.problems.iterate({ q: prefix, limit: 2 })) iterated.push(problem.slug);
      expect(iterated.sort()).toEqual(all.map((p) => p.slug).sort());

      const exported = await cg.problems.export({ slugs: [`${prefix}-a`, `${prefix}-b`] });
      expect(exported.problems.map((p) => p.slug).sort()).toEqual([`${prefix}-a`, `${prefix}-b`]);
      // Hidden tests come back to their author, ready to import again.
      expect(exported.problems.find((p) => p.slug === doc.slug)?.tests).toHaveLength(3);

      const yaml = await cg.problems.exportYaml({ slugs: [`${prefix}-b`] });
      expect(yaml).toMatch(/^problems:\n/);
      expect(yaml).toContain(`slug: ${prefix}-b`);

      await cg.problems.delete(`${prefix}-c`);
      await expect(cg.problems.get(`${prefix}-c`)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("embeds, learner sessions and audit", () => {
    it("manages an embed and starts a learner session from an allowed origin", async () => {
      const { cg } = await newAccount(api, "author");
      const problem = await cg.problems.create(sumProblem());
      const embed = await cg.embeds.create({
        name: "course",
        allowedOrigins: [ORIGIN],
        features: ["problem", "chat"],
        problems: [problem.slug],
      });
      expect(embed.publishableKey).toMatch(/^pk_/);
      expect(embed.secretKey).toMatch(/^sk_/);
      expect((await cg.embeds.list()).map((e) => e.id)).toEqual([embed.id]);
      expect(await cg.embeds.get(embed.id)).not.toHaveProperty("secretKey");
      expect((await cg.embeds.update(embed.id, { name: "course 2", tutorPolicy: "hints" })).name).toBe(
        "course 2",
      );
      const rotated = await cg.embeds.rotateSecret(embed.id);
      expect(rotated.secretKey).not.toBe(embed.secretKey);
      expect(await cg.embeds.deliveries(embed.id)).toEqual([]);

      const nowS = Math.floor(api.clock.now() / 1000);
      const learnerToken = await new SignJWT({ sub: "learner-7", name: "Ada" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuedAt(nowS)
        .setExpirationTime(nowS + 600)
        .sign(new TextEncoder().encode(rotated.secretKey));
      const anonymous = new Codeground({ baseUrl: api.url });
      const session = await anonymous.createEmbedSession(
        embed.publishableKey,
        { learnerToken },
        { origin: ORIGIN },
      );
      expect(session.learner).toMatchObject({ ref: "sub:learner-7", displayName: "Ada" });
      expect(session.embed.problems).toEqual([problem.slug]);

      // The learner's token works on the learner routes, for this embed's problems.
      const learner = anonymous.withToken(session.token);
      expect((await learner.problems.list()).items.map((p) => p.slug)).toEqual([problem.slug]);
      await expect(learner.me.get()).rejects.toBeInstanceOf(PermissionError);

      // From an origin the embed does not allow: refused.
      const refused = await anonymous
        .createEmbedSession(embed.publishableKey, {}, { origin: "https://evil.example" })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PermissionError);

      await cg.embeds.delete(embed.id);
      await expect(cg.embeds.get(embed.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("lists your own audit events page by page; admins verify the chain", async () => {
      const { cg, session } = await newAccount(api);
      await cg.me.tokens.create({ name: "for the audit" });
      const page = await cg.audit.list({ limit: 1 });
      expect(page.events).toHaveLength(1);
      expect(page.nextBefore).toBe(page.events[0]?.id);
      const actions: string[] = [];
      for await (const event of cg.audit.iterate({ limit: 1 })) {
        expect(event.actorId).toBe(session.user.id);
        actions.push(event.action);
      }
      expect(actions.length).toBeGreaterThanOrEqual(2);
      expect(actions).toContain("token.created");

      await expect(cg.audit.verify()).rejects.toBeInstanceOf(PermissionError);
      const admin = await newAccount(api, "admin");
      const verification = await admin.cg.audit.verify();
      expect(verification.ok).toBe(true);
      expect(verification.rows).toBeGreaterThan(0);
    });

    it("reads and sets the tutor policy and lists conversations", async () => {
      const { cg } = await newAccount(api);
      expect(await cg.chat.preferences.update({ tutorPolicy: "hints" })).toEqual({ tutorPolicy: "hints" });
      expect(await cg.chat.preferences.get()).toEqual({ tutorPolicy: "hints" });
      const conversation = await cg.chat.conversations.create({});
      expect(conversation.problem).toBeNull();
      expect((await cg.chat.conversations.list()).items.map((c) => c.id)).toEqual([conversation.id]);
      expect((await cg.chat.conversations.get(conversation.id)).messages).toEqual([]);
    });
  });

  describe("typed errors carry the request id", () => {
    /** The API keeps a well-formed X-Request-Id the caller sends: the error must carry it. */
    const tagged = () => {
      const id = `sdk-test-${randomBytes(6).toString("hex")}`;
      return { id, options: { headers: { "X-Request-Id": id } } };
    };

    it("400: ValidationError with the fields in details", async () => {
      const { id, options } = tagged();
      const err = await new Codeground({ baseUrl: api.url }).auth
        .signup({ email: "not-an-email", password: "short" }, options)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).toMatchObject({ status: 400, type: "validation", requestId: id });
      expect(JSON.stringify((err as ValidationError).details)).toContain("password");
    });

    it("401: AuthenticationError for a token that is not valid", async () => {
      const { id, options } = tagged();
      const err = await new Codeground({ baseUrl: api.url, token: "cgp_madeupmadeupmadeup" }).me
        .get(options)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err).toMatchObject({ status: 401, code: "invalid_token", requestId: id });
    });

    it("403: PermissionError for a learner creating a problem", async () => {
      const { cg } = await newAccount(api);
      const { id, options } = tagged();
      const err = await cg.problems.create(sumProblem(), options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermissionError);
      expect(err).toMatchObject({ status: 403, type: "authorization", requestId: id });
    });

    it("404: NotFoundError for a problem that does not exist", async () => {
      const { cg } = await newAccount(api);
      const { id, options } = tagged();
      const err = await cg.problems.get("no-such-problem", options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({ status: 404, type: "not_found", requestId: id });
    });

    it("409: ConflictError for a slug already taken", async () => {
      const { cg } = await newAccount(api, "author");
      const doc = sumProblem();
      await cg.problems.create(doc);
      const { id, options } = tagged();
      const err = await cg.problems.create(doc, options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ status: 409, type: "conflict", requestId: id });
    });

    it("429: RateLimitError with retryAfter after too many failed logins", async () => {
      const { email } = await newAccount(api);
      const anonymous = new Codeground({ baseUrl: api.url });
      let limited: unknown;
      for (let i = 0; i < 15 && !limited; i++) {
        const { id, options } = tagged();
        const err = await anonymous.auth
          .login({ email, password: "wrong password!" }, options)
          .catch((e: unknown) => e);
        if (err instanceof RateLimitError) {
          limited = err;
          expect(err.requestId).toBe(id);
        } else expect(err).toBeInstanceOf(AuthenticationError);
      }
      expect(limited).toBeInstanceOf(RateLimitError);
      expect(limited).toMatchObject({ status: 429, type: "rate_limit" });
      expect((limited as RateLimitError).retryAfter).toBeGreaterThan(0);
    });
  });
});
