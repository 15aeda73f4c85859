import { randomBytes } from "node:crypto";
import { AccessToken, ApiKey, KeyGrant } from "@codeground/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sessionCookie, signUp } from "./support/accounts.js";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { describeEachDatabase } from "./support/databases.js";
import { createEmbed, ORIGIN, signup, startSession } from "./support/embeds.js";
import { findLeaks, harvestSecrets, seenSecrets } from "./support/leaks.js";

const password = "correct horse battery staple";
const HOUR = 3600 * 1000;
const GRANTS = "/api/v1/embed/key-grants";

describeEachDatabase("keys grants for an embed's keys manager", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let owner: { token: string; userId: string };
  /** Offers the keys manager on ORIGIN and every subdomain of example.org. */
  let embed: Awaited<ReturnType<typeof createEmbed>>;
  /** Offers problems and chat only. */
  let withoutKeys: Awaited<ReturnType<typeof createEmbed>>;
  let n = 0;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
    owner = await signup(api);
    embed = await createEmbed(api, owner.token, {
      allowedOrigins: [ORIGIN, "https://*.example.org"],
      features: ["problem", "keys"],
    });
    withoutKeys = await createEmbed(api, owner.token, { features: ["problem", "chat"] });
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  /**
   * A user signed in as the portal's browser is: the session only as the cookie. Also the bearer
   * session token from signing up, for the refusals.
   */
  async function browserUser() {
    const email = `grant${++n}-${Date.now()}@example.com`;
    const created = await signUp(api, { email, password, displayName: "Ada Lovelace" });
    const login = await api.call("POST", "/api/v1/auth/login", {
      body: { email, password },
      headers: { Origin: PUBLIC_URL },
    });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    expect(login.body.token).toBeUndefined();
    const cookie = sessionCookie(login.headers).split(";")[0] ?? "";
    expect(cookie).toMatch(/^cg_session=cgs_/);
    // The cookie's value is a secret too; the leak check looks for it.
    harvestSecrets({ token: cookie.slice("cg_session=".length) });
    return {
      email,
      userId: created.user.id,
      cookie,
      bearer: created.token,
    };
  }
  type User = Awaited<ReturnType<typeof browserUser>>;

  /** `POST /embed/key-grants` as the Codeground window sends it: cookie, our own Origin. */
  const grantCall = (
    user: User,
    body: Record<string, unknown> = { publishableKey: embed.publishableKey, origin: ORIGIN },
    headers: Record<string, string> = { Origin: PUBLIC_URL },
  ) => api.call("POST", GRANTS, { body, headers: { Cookie: user.cookie, ...headers } });

  async function grant(user: User, origin = ORIGIN) {
    const res = await grantCall(user, { publishableKey: embed.publishableKey, origin });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return KeyGrant.parse(res.body);
  }

  /** The user's own view, through the cookie (writes carry our Origin). */
  const asUser = (user: User, method: string, path: string, body?: unknown) =>
    api.call(method, path, {
      ...(body === undefined ? {} : { body }),
      headers: { Cookie: user.cookie, Origin: PUBLIC_URL },
    });

  const providerSecret = () => `sk-proj-${randomBytes(24).toString("hex")}`;

  it("grants a cookie session an hour's token for the keys manager, never cached", async () => {
    const user = await browserUser();
    const res = await grantCall(user);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const granted = KeyGrant.parse(res.body);
    expect(Object.keys(res.body).sort()).toEqual(["expiresAt", "token", "tokenId", "user"]);
    expect(granted.token).toMatch(/^cgp_/);
    expect(granted.expiresAt).toBe(new Date(api.clock.now() + HOUR).toISOString());
    expect(granted.user).toEqual({ email: user.email, displayName: "Ada Lovelace" });
    const row = await api.db("personal_access_tokens").where({ id: granted.tokenId }).first();
    expect(row.user_id).toBe(user.userId);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lets the token manage the user's keys (list shows the last four only) and the key per task", async () => {
    const user = await browserUser();
    const { token } = await grant(user);
    const secret = providerSecret();
    const created = await api.call("POST", "/api/v1/keys", {
      token,
      body: { name: "course key", provider: "openai", secret },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key = ApiKey.parse(created.body);
    expect(key.last4).toBe(secret.slice(-4));

    const list = await api.call("GET", "/api/v1/keys", { token });
    expect(list.status).toBe(200);
    expect(list.body.map((k: ApiKey) => k.id)).toEqual([key.id]);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(0, -4));
    expect((await api.call("GET", `/api/v1/keys/${key.id}`, { token })).body.name).toBe("course key");

    const renamed = await api.call("PATCH", `/api/v1/keys/${key.id}`, { token, body: { name: "renamed" } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.name).toBe("renamed");

    const chosen = await api.call("PUT", "/api/v1/me/preferences", {
      token,
      body: { keys: { chat: key.id } },
    });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect((await api.call("GET", "/api/v1/me/preferences", { token })).body.keys.chat).toBe(key.id);

    // The key is the user's own: their signed-in session sees it, and it is gone for both once deleted.
    expect((await asUser(user, "GET", "/api/v1/keys")).body.map((k: ApiKey) => k.name)).toEqual(["renamed"]);
    expect((await api.call("DELETE", `/api/v1/keys/${key.id}`, { token })).status).toBe(204);
    expect((await api.call("GET", "/api/v1/keys", { token })).body).toEqual([]);
    expect((await asUser(user, "GET", "/api/v1/keys")).body).toEqual([]);
  });

  it("refuses a bearer access token, a bearer session token, a learner token and the grant itself", async () => {
    const user = await browserUser();
    const pat = await api.call("POST", "/api/v1/me/tokens", {
      token: user.bearer,
      body: { name: "full", scopes: ["read", "write", "keys"] },
    });
    expect(pat.status).toBe(201);
    const learner = await startSession(api, embed.publishableKey);
    expect(learner.status).toBe(201);
    const { token: granted } = await grant(user);
    const body = { publishableKey: embed.publishableKey, origin: ORIGIN };

    for (const token of [pat.body.token, user.bearer, granted]) {
      const error = expectError(
        await api.call("POST", GRANTS, { token, body, headers: { Origin: PUBLIC_URL } }),
        403,
        "session_required",
      );
      expect(error.type).toBe("authorization");
      expect(error.message).toMatch(/signed-in Codeground window/);
    }
    expectError(
      await api.call("POST", GRANTS, { token: learner.body.token, body, headers: { Origin: ORIGIN } }),
      403,
      "session_required",
    );
    // The cookie does not make a bearer request a cookie one.
    expectError(
      await api.call("POST", GRANTS, {
        token: pat.body.token,
        body,
        headers: { Cookie: user.cookie, Origin: PUBLIC_URL },
      }),
      403,
      "session_required",
    );
    expectError(
      await api.call("POST", GRANTS, { body, headers: { Origin: PUBLIC_URL } }),
      401,
      "unauthenticated",
    );
  });

  it("refuses a cookie write from another origin, or from none", async () => {
    const user = await browserUser();
    for (const origin of [ORIGIN, "https://evil.example.com", "null"]) {
      expectError(await grantCall(user, undefined, { Origin: origin }), 403, "cross_site_request");
    }
    expectError(await grantCall(user, undefined, {}), 403, "cross_site_request");
    expectError(
      await grantCall(user, undefined, { "Sec-Fetch-Site": "cross-site" }),
      403,
      "cross_site_request",
    );
    expect((await grantCall(user, undefined, { "Sec-Fetch-Site": "same-origin" })).status).toBe(201);
    const granted = await api.db("audit_log").where({ action: "embed.keys_granted", actor_id: user.userId });
    expect(granted).toHaveLength(1);
  });

  it("answers 404 for an unknown publishable key", async () => {
    const user = await browserUser();
    for (const publishableKey of ["pk_doesnotexist000000000", "not a key"]) {
      const error = expectError(
        await grantCall(user, { publishableKey, origin: ORIGIN }),
        404,
        "embed_not_found",
      );
      expect(error.type).toBe("not_found");
    }
  });

  it("refuses an embed that does not offer the keys manager", async () => {
    const user = await browserUser();
    const error = expectError(
      await grantCall(user, { publishableKey: withoutKeys.publishableKey, origin: ORIGIN }),
      403,
      "keys_not_enabled",
    );
    expect(error.message).toBe(
      "This embed does not offer the keys manager; its owner can turn it on in the embed's settings.",
    );
  });

  it("refuses an origin the embed does not allow, and a malformed one", async () => {
    const user = await browserUser();
    for (const origin of [
      "https://evil.example.com",
      "https://example.org",
      "https://a.example.org.evil.com",
    ]) {
      const error = expectError(
        await grantCall(user, { publishableKey: embed.publishableKey, origin }),
        403,
        "origin_not_allowed",
      );
      expect(error.message).toContain(origin);
    }
    for (const origin of [
      "not an origin",
      "https://course.example.edu/keys",
      "http://course.example.edu",
      "*",
      "null",
      "https://*.example.org",
      "x".repeat(301),
      42,
    ]) {
      const error = expectError(
        await grantCall(user, { publishableKey: embed.publishableKey, origin }),
        400,
        "invalid_request",
      );
      expect(error.details).toEqual([expect.objectContaining({ path: "origin" })]);
    }
    expectError(await grantCall(user, { publishableKey: embed.publishableKey }), 400, "invalid_request");
    expectError(
      await grantCall(user, { publishableKey: embed.publishableKey, origin: ORIGIN, scopes: ["write"] }),
      400,
      "invalid_request",
    );
    // A subdomain the pattern covers is a page's origin like any other.
    expect(
      (await grantCall(user, { publishableKey: embed.publishableKey, origin: "https://a.example.org" }))
        .status,
    ).toBe(201);
    // Only that one: no refusal left a token behind.
    const tokens = await asUser(user, "GET", "/api/v1/me/tokens");
    expect(tokens.body.map((t: AccessToken) => t.name)).toEqual(["Keys manager on https://a.example.org"]);
  });

  it("names the token after the origin, cut to 100 characters", async () => {
    const long = `https://${"a".repeat(60)}.${"b".repeat(60)}.example.edu`;
    const wide = await createEmbed(api, owner.token, { allowedOrigins: [long], features: ["keys"] });
    const user = await browserUser();
    const res = await grantCall(user, { publishableKey: wide.publishableKey, origin: long });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const row = await api.db("personal_access_tokens").where({ id: res.body.tokenId }).first();
    expect(row.name).toBe(`Keys manager on ${long}`.slice(0, 100));
    expect(row.name).toHaveLength(100);
  });

  it("refuses the grant's token on every route but the key vault's, and a general token keeps its rules", async () => {
    const user = await browserUser();
    const { token, tokenId } = await grant(user);
    const vault = new Set([
      "GET /keys",
      "POST /keys",
      "GET /keys/:id",
      "PATCH /keys/:id",
      "DELETE /keys/:id",
      "POST /keys/:id/verify",
      "GET /me/preferences",
      "PUT /me/preferences",
      // Whose vault it is: the keys manager says so before its form opens.
      "GET /me",
    ]);
    // Public, or refusing every bearer token already (tested above).
    const open = new Set([
      "POST /auth/signup",
      "POST /auth/login",
      "POST /auth/login/mfa",
      "POST /auth/email/verify",
      "POST /auth/password/forgot",
      "POST /auth/password/reset",
      "GET /openapi.json",
      "POST /embed/sessions",
      `POST /embed/key-grants`,
    ]);
    const others = api.app.routes
      .flatMap((r) => r.methods.map((method) => ({ method, path: r.path.replace(/^\/api\/v1/, "") })))
      .filter((r) => !vault.has(`${r.method} ${r.path}`) && !open.has(`${r.method} ${r.path}`));
    for (const must of [
      "GET /me/tokens",
      "GET /problems",
      "POST /me/tokens",
      "POST /me/mfa/totp/setup",
      "GET /audit",
    ]) {
      expect(others.map((r) => `${r.method} ${r.path}`)).toContain(must);
    }
    for (const { method, path } of others) {
      const concrete = path.replace(/:[a-zA-Z]+/g, "00000000-0000-4000-8000-000000000000");
      const res = await api.call(method, `/api/v1${concrete}`, {
        token,
        ...(["GET", "DELETE"].includes(method) ? {} : { body: {} }),
      });
      expect(`${method} ${path} ${res.status} ${res.body?.error?.code}`).toBe(
        `${method} ${path} 403 insufficient_scope`,
      );
    }
    // Nothing was done on its behalf.
    const tokens = await asUser(user, "GET", "/api/v1/me/tokens");
    expect(tokens.body.map((t: AccessToken) => t.id)).toEqual([tokenId]);
    const setup = await api.db("users").where({ id: user.userId }).first();
    expect(setup.totp_secret).toBeNull();

    // A general token still needs `write` and `keys` together to change the vault.
    for (const scopes of [["write"], ["keys"], ["read", "write"]]) {
      const pat = await asUser(user, "POST", "/api/v1/me/tokens", { name: scopes.join("+"), scopes });
      expect(pat.status).toBe(201);
      expectError(
        await api.call("POST", "/api/v1/keys", {
          token: pat.body.token,
          body: { name: "k", provider: "openai", secret: providerSecret() },
        }),
        403,
        "insufficient_scope",
      );
    }
  });

  it("expires after an hour", async () => {
    const user = await browserUser();
    const { token } = await grant(user);
    const started = api.clock.now();
    try {
      // Resolved once here: the cached principal must not outlive the token.
      expect((await api.call("GET", "/api/v1/keys", { token })).status).toBe(200);
      api.clock.advance(HOUR - 1);
      expect((await api.call("GET", "/api/v1/keys", { token })).status).toBe(200);
      api.clock.advance(1);
      expectError(await api.call("GET", "/api/v1/keys", { token }), 401, "invalid_token");
      expectError(
        await api.call("POST", "/api/v1/keys", {
          token,
          body: { name: "late", provider: "openai", secret: providerSecret() },
        }),
        401,
        "invalid_token",
      );
      // The session that granted it goes on.
      expect((await asUser(user, "GET", "/api/v1/keys")).status).toBe(200);
    } finally {
      api.clock.t = started;
    }
  });

  it("revokes itself, and then is refused, but cannot revoke the user's other tokens", async () => {
    const user = await browserUser();
    const first = await grant(user);
    const second = await grant(user);
    const pat = await asUser(user, "POST", "/api/v1/me/tokens", { name: "cli", scopes: ["read"] });
    expect(pat.status).toBe(201);
    const otherUser = await browserUser();
    const foreign = await grant(otherUser);

    expect((await api.call("GET", "/api/v1/keys", { token: first.token })).status).toBe(200);
    for (const id of [second.tokenId, pat.body.id, foreign.tokenId]) {
      expectError(
        await api.call("DELETE", `/api/v1/me/tokens/${id}`, { token: first.token }),
        403,
        "insufficient_scope",
      );
    }
    expect(
      (await api.call("DELETE", `/api/v1/me/tokens/${first.tokenId}`, { token: first.token })).status,
    ).toBe(204);
    expectError(await api.call("GET", "/api/v1/keys", { token: first.token }), 401, "invalid_token");
    expectError(
      await api.call("DELETE", `/api/v1/me/tokens/${first.tokenId}`, { token: first.token }),
      401,
      "invalid_token",
    );
    expect((await api.call("GET", "/api/v1/keys", { token: second.token })).status).toBe(200);
    expect((await api.call("GET", "/api/v1/keys", { token: foreign.token })).status).toBe(200);
    const listed = await asUser(user, "GET", "/api/v1/me/tokens");
    expect(listed.body.map((t: AccessToken) => t.id).sort()).toEqual([second.tokenId, pat.body.id].sort());

    // Any token may give itself up, a read-only one too; revoking another still takes `write`.
    expect(
      (await api.call("DELETE", `/api/v1/me/tokens/${pat.body.id}`, { token: pat.body.token })).status,
    ).toBe(204);
    const revoked = await api.db("audit_log").where({ action: "token.revoked", actor_id: user.userId });
    expect(revoked.map((r) => r.target_id).sort()).toEqual([first.tokenId, pat.body.id].sort());
  });

  it("shows up among the user's access tokens with its scopes and expiry, revocable there", async () => {
    const user = await browserUser();
    const granted = await grant(user);
    const list = await asUser(user, "GET", "/api/v1/me/tokens");
    expect(list.status).toBe(200);
    const tokens = list.body.map((t: unknown) => AccessToken.parse(t));
    expect(tokens).toEqual([
      {
        id: granted.tokenId,
        name: `Keys manager on ${ORIGIN}`,
        prefix: granted.token.slice(0, 10),
        scopes: ["keys", "keys:write"],
        createdAt: new Date(api.clock.now()).toISOString(),
        expiresAt: granted.expiresAt,
        lastUsedAt: null,
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(granted.token);
    expect((await asUser(user, "DELETE", `/api/v1/me/tokens/${granted.tokenId}`)).status).toBe(204);
    expectError(await api.call("GET", "/api/v1/keys", { token: granted.token }), 401, "invalid_token");
  });

  it("audits the grant as embed.keys_granted, with the origin and the token's id", async () => {
    const user = await browserUser();
    const granted = await grant(user, "https://b.example.org");
    const rows = await api.db("audit_log").where({ action: "embed.keys_granted", actor_id: user.userId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: "user", target_type: "embed", target_id: embed.id });
    expect(JSON.parse(rows[0].details)).toEqual({
      origin: "https://b.example.org",
      tokenId: granted.tokenId,
    });
    const created = await api
      .db("audit_log")
      .where({ action: "token.created", target_id: granted.tokenId })
      .first();
    expect(JSON.parse(created.details)).toEqual({
      name: "Keys manager on https://b.example.org",
      scopes: ["keys", "keys:write"],
    });
    // The user sees it in their own log; the grant itself may not read the log.
    const page = await asUser(user, "GET", "/api/v1/audit?limit=5");
    expect(page.body.events.map((e: { action: string }) => e.action)).toContain("embed.keys_granted");
    expectError(await api.call("GET", "/api/v1/audit", { token: granted.token }), 403, "insufficient_scope");
  });

  it("audits each refusal as embed.keys_grant_refused, with the reason and the origin, and mints nothing", async () => {
    const user = await browserUser();
    const cases = [
      [{ publishableKey: "pk_doesnotexist000000000", origin: ORIGIN }, 404, "unknown_key", null],
      [
        { publishableKey: withoutKeys.publishableKey, origin: ORIGIN },
        403,
        "keys_not_enabled",
        withoutKeys.id,
      ],
      [
        { publishableKey: embed.publishableKey, origin: "https://evil.example.com" },
        403,
        "origin_not_allowed",
        embed.id,
      ],
    ] as const;
    for (const [body, status] of cases) expect((await grantCall(user, body)).status).toBe(status);
    const rows = await api
      .db("audit_log")
      .where({ action: "embed.keys_grant_refused", actor_id: user.userId })
      .orderBy("id");
    expect(
      rows.map((row) => [
        JSON.parse(row.details).reason,
        row.target_id ?? null,
        JSON.parse(row.details).origin,
      ]),
    ).toEqual(cases.map(([body, , reason, target]) => [reason, target, body.origin]));
    expect((await asUser(user, "GET", "/api/v1/me/tokens")).body).toEqual([]);
  });

  it("keeps every grant token and key secret out of the logs and the tables", async () => {
    const user = await browserUser();
    const granted = await grant(user);
    const secret = providerSecret();
    const res = await api.call("POST", "/api/v1/keys", {
      token: granted.token,
      body: { name: "leak check", provider: "openai", secret },
    });
    expect(res.status).toBe(201);
    expect(seenSecrets).toContain(granted.token);
    expect(seenSecrets).toContain(secret);
    expect(seenSecrets).toContain(user.cookie.slice("cg_session=".length));
    expect(await findLeaks(api.db, api.logs)).toEqual([]);
  });
});
