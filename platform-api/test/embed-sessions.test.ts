import { EmbedSession } from "@codeground/sdk";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { createEmbed, learnerToken, ORIGIN, signup, startSession } from "./support/embeds.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe.each(databases)("embed learner sessions on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let owner: { token: string; userId: string };
  let embed: Awaited<ReturnType<typeof createEmbed>>;
  const nowS = () => Math.floor(api.clock.now() / 1000);

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
    owner = await signup(api);
    embed = await createEmbed(api, owner.token, {
      allowedOrigins: [ORIGIN, "https://*.example.org"],
      problems: ["two-sum"],
      tutorPolicy: "hints",
    });
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  const refusals = () =>
    api.db("audit_log").where({ action: "embed.session_refused", target_id: embed.id }).select("details");

  it("starts an anonymous session and makes an id for the browser when it has none", async () => {
    const res = await startSession(api, embed.publishableKey);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const session = EmbedSession.parse(res.body);
    expect(session.token).toMatch(/^cgl_/);
    expect(session.learner.anonymousId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(session.learner.ref).toBe(`anon:${session.learner.anonymousId}`);
    expect(session.embed).toEqual({
      id: embed.id,
      features: ["problem", "chat"],
      problems: ["two-sum"],
      tutorPolicy: "hints",
    });
    expect(Date.parse(session.expiresAt) - api.clock.now()).toBe(2 * 3600 * 1000);
    const row = await api.db("embed_sessions").where({ embed_id: embed.id }).first();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const again = await startSession(api, embed.publishableKey, {
      anonymousId: session.learner.anonymousId,
    });
    expect(again.body.learner.ref).toBe(session.learner.ref);
    expect(again.body.token).not.toBe(session.token);
  });

  it("names the learner by the host site's signed learner token", async () => {
    const token = await learnerToken(embed.secretKey, { sub: "student-7", name: "Grace" }, { nowS: nowS() });
    const res = await startSession(
      api,
      embed.publishableKey,
      { learnerToken: token },
      "https://a.example.org",
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.learner).toEqual({ ref: "sub:student-7", displayName: "Grace" });
  });

  it("accepts the frames' own origin (the portal's)", async () => {
    const res = await startSession(api, embed.publishableKey, {}, new URL(PUBLIC_URL).origin);
    expect(res.status).toBe(201);
  });

  it("refuses a missing Origin, a forged Origin and an unknown key, and audits each", async () => {
    const missing = expectError(
      await startSession(api, embed.publishableKey, {}, null),
      403,
      "origin_required",
    );
    expect(missing.message).toMatch(/allowed origins/);
    for (const forged of [
      "https://evil.example.com",
      "https://example.org",
      "https://evil-example.org",
      "https://a.example.org.evil.com",
      "http://course.example.edu",
      "null",
    ]) {
      const error = expectError(
        await startSession(api, embed.publishableKey, {}, forged),
        403,
        "origin_not_allowed",
      );
      expect(error.message).toMatch(/not allowed on/);
    }
    expectError(await startSession(api, "pk_doesnotexist000000000", {}), 401, "invalid_embed_key");
    expectError(
      await api.call("POST", "/api/v1/embed/sessions", { body: {}, headers: { Origin: ORIGIN } }),
      401,
    );
    const reasons = (await refusals()).map((r) => JSON.parse(r.details).reason);
    expect(reasons).toEqual(expect.arrayContaining(["origin_missing", "origin_not_allowed"]));
  });

  it.each([
    [
      "signed with the wrong key",
      async (s: string, n: number) => learnerToken(`${s}x`, {}, { nowS: n }),
      /signature/,
    ],
    [
      "expired",
      async (s: string, n: number) => learnerToken(s, {}, { nowS: n - 3600, expiresInS: 60 }),
      /expired/,
    ],
    [
      "alg none",
      async (_s: string, n: number) =>
        `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "x", exp: n + 60 })}.`,
      /HS256/,
    ],
    ["HS512", async (s: string, n: number) => learnerToken(s, {}, { nowS: n, alg: "HS512" }), /HS256/],
    [
      "RS256",
      async (_s: string, n: number) => {
        const { privateKey } = await generateKeyPair("RS256");
        return new SignJWT({ sub: "x" })
          .setProtectedHeader({ alg: "RS256" })
          .setExpirationTime(n + 60)
          .sign(privateKey);
      },
      /HS256/,
    ],
    [
      "ES256",
      async (_s: string, n: number) => {
        const { privateKey } = await generateKeyPair("ES256");
        return new SignJWT({ sub: "x" })
          .setProtectedHeader({ alg: "ES256" })
          .setExpirationTime(n + 60)
          .sign(privateKey);
      },
      /HS256/,
    ],
    ["missing sub", async (s: string, n: number) => learnerToken(s, { sub: undefined }, { nowS: n }), /sub/],
    [
      "missing exp",
      async (s: string) =>
        new SignJWT({ sub: "x" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(s)),
      /exp/,
    ],
    [
      "exp more than 24 h ahead",
      async (s: string, n: number) => learnerToken(s, {}, { nowS: n, expiresInS: 25 * 3600 }),
      /24 hours/,
    ],
    [
      "nbf in the future",
      async (s: string, n: number) =>
        new SignJWT({ sub: "x" })
          .setProtectedHeader({ alg: "HS256" })
          .setNotBefore(n + 3600)
          .setExpirationTime(n + 7200)
          .sign(new TextEncoder().encode(s)),
      /not valid yet/,
    ],
    ["not a JWT", async () => "not-a-jwt", /not a valid JWT/],
  ] as const)("refuses a learner token %s with a clear 401", async (_what, make, why) => {
    const before = (await refusals()).length;
    const token = await make(embed.secretKey, nowS());
    const error = expectError(
      await startSession(api, embed.publishableKey, { learnerToken: token }),
      401,
      "invalid_learner_token",
    );
    expect(error.message).toMatch(why);
    expect((await refusals()).length).toBe(before + 1);
  });

  it("stops accepting tokens signed with the old key once the secret is rotated", async () => {
    const { token } = await signup(api);
    const mine = await createEmbed(api, token);
    const old = await learnerToken(mine.secretKey, {}, { nowS: nowS() });
    expect((await startSession(api, mine.publishableKey, { learnerToken: old })).status).toBe(201);
    const rotated = await api.call("POST", `/api/v1/embeds/${mine.id}/rotate-secret`, { token });
    expect(rotated.status).toBe(200);
    const refused = expectError(await startSession(api, mine.publishableKey, { learnerToken: old }), 401);
    expect(refused.message).toMatch(/current secret key/);
    const fresh = await learnerToken(rotated.body.secretKey, {}, { nowS: nowS() });
    expect((await startSession(api, mine.publishableKey, { learnerToken: fresh })).status).toBe(201);
  });

  it("lets a learner token through only on learner routes, and only from the embed's origins", async () => {
    const session = (await startSession(api, embed.publishableKey)).body as EmbedSession;
    const as = (path: string, origin?: string) =>
      api.call("GET", path, { token: session.token, headers: origin ? { Origin: origin } : {} });
    for (const path of [
      "/api/v1/me",
      "/api/v1/keys",
      "/api/v1/embeds",
      "/api/v1/me/tokens",
      "/api/v1/audit",
    ]) {
      expectError(await as(path, ORIGIN), 403, "learner_token_not_accepted");
      expectError(await as(path), 403, "learner_token_not_accepted");
    }
    const write = await api.call("POST", "/api/v1/embeds", {
      token: session.token,
      body: { name: "x", allowedOrigins: [ORIGIN] },
      headers: { Origin: ORIGIN },
    });
    expectError(write, 403, "learner_token_not_accepted");
    // A learner route: past the learner checks (whatever that route then answers).
    for (const res of [await as("/api/v1/problems", ORIGIN), await as("/api/v1/problems")]) {
      expect([401, 403]).not.toContain(res.status);
    }
    expectError(await as("/api/v1/problems", "https://evil.example.com"), 403, "origin_not_allowed");
    expectError(await as("/api/v1/problems", "https://example.org"), 403, "origin_not_allowed");
  });

  it("refuses an expired learner session, and user tokens keep working as before", async () => {
    const session = (await startSession(api, embed.publishableKey)).body as EmbedSession;
    api.clock.advance(2 * 3600 * 1000 + 1000);
    try {
      const res = await api.call("GET", "/api/v1/problems", {
        token: session.token,
        headers: { Origin: ORIGIN },
      });
      expectError(res, 401, "invalid_learner_token");
      expect((await api.call("GET", "/api/v1/me", { token: owner.token })).status).toBe(200);
      expectError(await api.call("GET", "/api/v1/me", { token: "cgl_notarealtokenatall000000" }), 401);
    } finally {
      api.clock.advance(-(2 * 3600 * 1000 + 1000));
    }
  });

  describe("CORS", () => {
    const preflight = (path: string, origin: string, headers = "authorization, content-type") =>
      api.call("OPTIONS", path, {
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": headers,
        },
      });

    it("answers a preflight from an allowed origin, naming that origin only", async () => {
      for (const [path, origin] of [
        ["/api/v1/embed/sessions", ORIGIN],
        ["/api/v1/problems/two-sum/submissions", "https://b.example.org"],
      ] as const) {
        const res = await preflight(path, origin, "x-embed-key, content-type");
        expect(res.status).toBe(204);
        expect(res.headers.get("access-control-allow-origin")).toBe(origin);
        expect(res.headers.get("vary")).toMatch(/Origin/);
        const allowHeaders = res.headers.get("access-control-allow-headers") ?? "";
        for (const h of [
          "Authorization",
          "X-Embed-Key",
          "Content-Type",
          "Idempotency-Key",
          "Last-Event-ID",
        ]) {
          expect(allowHeaders).toContain(h);
        }
        expect(res.headers.get("access-control-allow-methods")).toContain("POST");
        expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
        expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      }
    });

    it("gives a forbidden origin no CORS headers, and keeps CORS closed on other routes", async () => {
      for (const origin of [
        "https://evil.example.com",
        "https://example.org",
        "https://evil-example.org",
        "null",
      ]) {
        const res = await preflight("/api/v1/embed/sessions", origin);
        expect(res.headers.get("access-control-allow-origin")).toBeNull();
      }
      for (const path of ["/api/v1/keys", "/api/v1/me", "/api/v1/embeds"]) {
        const res = await preflight(path, ORIGIN);
        expect(res.headers.get("access-control-allow-origin")).toBeNull();
      }
    });

    it("grants the actual request only to the embed's own origins", async () => {
      const ok = await startSession(api, embed.publishableKey, {}, "https://a.example.org");
      expect(ok.headers.get("access-control-allow-origin")).toBe("https://a.example.org");
      expect(ok.headers.get("vary")).toMatch(/Origin/);

      const { token } = await signup(api);
      const other = await createEmbed(api, token, { allowedOrigins: ["https://other.example.net"] });
      // Allowed by the first embed, not by this one: no grant, and a 403.
      const forged = await startSession(api, other.publishableKey, {}, ORIGIN);
      expect(forged.status).toBe(403);
      expect(forged.headers.get("access-control-allow-origin")).toBeNull();

      const session = (await startSession(api, other.publishableKey, {}, "https://other.example.net"))
        .body as EmbedSession;
      const res = await api.call("GET", "/api/v1/problems", {
        token: session.token,
        headers: { Origin: "https://other.example.net" },
      });
      expect(res.headers.get("access-control-allow-origin")).toBe("https://other.example.net");
      const cross = await api.call("GET", "/api/v1/problems", {
        token: session.token,
        headers: { Origin: ORIGIN },
      });
      expect(cross.status).toBe(403);
      expect(cross.headers.get("access-control-allow-origin")).toBeNull();
    });
  });

  it("never shows the secret key again, nor writes it to a log or a row", async () => {
    const later = await api.call("GET", `/api/v1/embeds/${embed.id}`, { token: owner.token });
    expect(JSON.stringify(later.body)).not.toContain(embed.secretKey);
    expect(api.logs.join("\n")).not.toContain(embed.secretKey);
    const rows = JSON.stringify(await api.db("embeds").select());
    expect(rows).not.toContain(embed.secretKey);
    const audit = JSON.stringify(await api.db("audit_log").select());
    expect(audit).not.toContain(embed.secretKey);
  });
});
