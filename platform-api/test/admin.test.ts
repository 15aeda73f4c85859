import { AdminUser, AdminUserPage, ErrorBody } from "@codeground/sdk";
import fc from "fast-check";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { databases, describeEachDatabase } from "./support/databases.js";
import { redisUnavailable, startRedis } from "./support/redis.js";

const password = "an administrated passphrase";

let n = 0;
const newEmail = (tag = "user") => `${tag}${++n}-${Math.random().toString(36).slice(2, 8)}@example.com`;

/** A new account through the API, its role set in the database before its first request. */
async function signup(
  api: TestApi,
  options: { role?: "learner" | "author" | "admin"; email?: string; displayName?: string } = {},
) {
  const email = options.email ?? newEmail(options.role ?? "learner");
  const { user, token } = await signUp(api, {
    email,
    password,
    ...(options.displayName ? { displayName: options.displayName } : {}),
  });
  const id = user.id;
  if (options.role && options.role !== "learner")
    await api.db("users").where({ id }).update({ role: options.role });
  return { id, email, token };
}

async function accessToken(api: TestApi, session: string, scopes: string[] = ["read", "write"]) {
  const res = await api.call("POST", "/api/v1/me/tokens", {
    token: session,
    body: { name: "script", scopes },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, token: res.body.token as string };
}

const login = (api: TestApi, email: string, pass = password) =>
  api.call("POST", "/api/v1/auth/login", { body: { email, password: pass } });

describeEachDatabase("administration of users", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let admin: Awaited<ReturnType<typeof signup>>;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
    admin = await signup(api, { role: "admin" });
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  const patch = (id: string, body: unknown, token = admin.token) =>
    api.call("PATCH", `/api/v1/admin/users/${encodeURIComponent(id)}`, { token, body });

  it("lists users by email a page at a time, and finds them by email or display name", async () => {
    const tag = `find${Date.now().toString(36)}`;
    const made = [];
    for (const name of ["Grace Hopper", "Ada Lovelace", "Alan Turing"]) {
      made.push(
        await signup(api, {
          email: `${tag}-${name.split(" ")[0]?.toLowerCase()}@example.com`,
          displayName: name,
        }),
      );
    }
    // Page through everything, two at a time: each user once, in email order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await api.call("GET", query, { token: admin.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const page = AdminUserPage.parse(res.body);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    for (const user of [admin, ...made]) expect(seen).toContain(user.email);

    // By part of the address, and by display name whatever its case.
    const byEmail = await api.call("GET", `/api/v1/admin/users?q=${tag}-ada`, { token: admin.token });
    expect(byEmail.body.items.map((u: AdminUser) => u.displayName)).toEqual(["Ada Lovelace"]);
    const byName = await api.call("GET", "/api/v1/admin/users?q=TURING", { token: admin.token });
    expect(byName.body.items.map((u: AdminUser) => u.email)).toEqual([`${tag}-alan@example.com`]);
    expect(AdminUser.parse(byName.body.items[0])).toMatchObject({ role: "learner", disabledAt: null });
    // LIKE wildcards are plain characters here: `%` and `_` match only themselves.
    for (const wildcard of ["%", "_", "\\"]) {
      const res = await api.call("GET", `/api/v1/admin/users?q=${encodeURIComponent(wildcard)}`, {
        token: admin.token,
      });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    // A cursor this API never gave out is refused, not guessed at.
    expectError(
      await api.call("GET", "/api/v1/admin/users?cursor=not-a-cursor", { token: admin.token }),
      400,
      "invalid_cursor",
    );
    expectError(await api.call("GET", "/api/v1/admin/users?limit=0", { token: admin.token }), 400);
  });

  it("refuses anyone but an admin with 403 admin_only, before looking at the request", async () => {
    const learner = await signup(api);
    const author = await signup(api, { role: "author" });
    for (const who of [learner, author]) {
      expectError(await api.call("GET", "/api/v1/admin/users", { token: who.token }), 403, "admin_only");
      expectError(await patch(learner.id, { role: "admin" }, who.token), 403, "admin_only");
      // Nothing about what a valid request looks like, either.
      expectError(await patch(learner.id, { role: "emperor" }, who.token), 403, "admin_only");
      expectError(await patch(admin.id, { disabled: true }, who.token), 403, "admin_only");
    }
    expectError(await api.call("GET", "/api/v1/admin/users"), 401, "unauthenticated");
    expectError(
      await api.call("PATCH", `/api/v1/admin/users/${learner.id}`, { body: { role: "admin" } }),
      401,
    );
    // An admin's read-only token reads, but does not change anything.
    const readOnly = await accessToken(api, admin.token, ["read"]);
    expect((await api.call("GET", "/api/v1/admin/users", { token: readOnly.token })).status).toBe(200);
    expectError(await patch(learner.id, { role: "admin" }, readOnly.token), 403, "insufficient_scope");
    // Nobody was promoted along the way.
    expect((await api.db("users").where({ id: learner.id }).first()).role).toBe("learner");
  });

  it("answers 404 for an unknown user, 400 for an invalid role or an empty change", async () => {
    expectError(
      await patch("00000000-0000-0000-0000-000000000000", { role: "author" }),
      404,
      "user_not_found",
    );
    expectError(await patch("x".repeat(300), { disabled: true }), 404, "user_not_found");
    const learner = await signup(api);
    for (const invalid of [
      { role: "superuser" },
      { role: "ADMIN" },
      { role: null },
      { disabled: "yes" },
      { disabled: 1 },
      {},
      { role: "author", email: "taken@example.com" },
    ]) {
      expectError(await patch(learner.id, invalid), 400, "invalid_request");
    }
    const unchanged = await api.db("users").where({ id: learner.id }).first();
    expect(unchanged).toMatchObject({ role: "learner", disabled_at: null, email: learner.email });
  });

  it("never answers 500 to an admin's random ids and bodies, and changes nothing it refuses", async () => {
    const bystander = await signup(api);
    const value = fc.oneof(fc.jsonValue(), fc.constantFrom("admin", "author", "learner", true, false, null));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 60 }), fc.constant(bystander.id)),
        fc.oneof(
          fc.jsonValue(),
          fc.record({ role: value, disabled: value, other: value }, { requiredKeys: [] }),
        ),
        async (id, body) => {
          const res = await patch(id || "x", body);
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
          if (res.status >= 400) ErrorBody.parse(res.body);
        },
      ),
      { numRuns: 60 },
    );
    // Whatever got through was a valid change of a real user; put the bystander back as it was.
    expect(["learner", "author", "admin"]).toContain(
      (await api.db("users").where({ id: bystander.id }).first()).role,
    );
    await patch(bystander.id, { role: "learner", disabled: false });
    const queries = await Promise.all(
      ["?q=%27%3B--", "?limit=-1", "?limit=1e9", "?cursor=%00", `?q=${"a".repeat(300)}`, "?q=x&q=y"].map(
        (q) => api.call("GET", `/api/v1/admin/users${q}`, { token: admin.token }),
      ),
    );
    expect(queries.map((r) => r.status)).toEqual([200, 400, 400, 400, 400, 400]);
  });

  it("refuses an admin disabling themselves or removing their own admin role (409)", async () => {
    const self = await signup(api, { role: "admin" });
    const disable = expectError(
      await patch(self.id, { disabled: true }, self.token),
      409,
      "cannot_disable_self",
    );
    expect(disable.message).toMatch(/your own account/);
    for (const role of ["learner", "author"]) {
      const demote = expectError(await patch(self.id, { role }, self.token), 409, "cannot_demote_self");
      expect(demote.message).toMatch(/your own admin role/);
    }
    expectError(
      await patch(self.id, { role: "author", disabled: false }, self.token),
      409,
      "cannot_demote_self",
    );
    // Keeping what they have is fine, and changes nothing.
    const same = await patch(self.id, { role: "admin", disabled: false }, self.token);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ id: self.id, role: "admin", disabledAt: null });
    expect((await api.call("GET", "/api/v1/me", { token: self.token })).body.role).toBe("admin");
  });

  it("changes a role, which the user's next request already carries", async () => {
    const learner = await signup(api);
    // Cached now: the change must drop it.
    expect((await api.call("GET", "/api/v1/me", { token: learner.token })).body.role).toBe("learner");
    const res = await patch(learner.id, { role: "author" });
    expect(res.status).toBe(200);
    expect(AdminUser.parse(res.body)).toMatchObject({ id: learner.id, role: "author", disabledAt: null });
    expect((await api.call("GET", "/api/v1/me", { token: learner.token })).body.role).toBe("author");
    const promoted = await patch(learner.id, { role: "admin" });
    expect(promoted.body.role).toBe("admin");
    expect((await api.call("GET", "/api/v1/admin/users", { token: learner.token })).status).toBe(200);
  });

  it("disabling ends the account's sessions and access tokens at once, and refuses its sign-in until enabled", async () => {
    const user = await signup(api);
    const pat = await accessToken(api, user.token);
    const other = await login(api, user.email);
    expect(other.status).toBe(200);
    // Both credentials work, and are cached.
    for (const token of [user.token, pat.token, other.body.token]) {
      expect((await api.call("GET", "/api/v1/me", { token })).status).toBe(200);
    }

    const disabled = await patch(user.id, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toBe(new Date(api.clock.now()).toISOString());
    // The clock has not moved: only the dropped cache can make these fail.
    for (const token of [user.token, pat.token, other.body.token]) {
      expectError(await api.call("GET", "/api/v1/me", { token }), 401, "invalid_token");
    }
    expect(await api.db("sessions").where({ user_id: user.id })).toEqual([]);
    const token = await api.db("personal_access_tokens").where({ id: pat.id }).first();
    expect(token.revoked_at).toBe(disabled.body.disabledAt);

    // Sign-in: the right password hears only that the account is disabled; a wrong one, as ever.
    const refused = expectError(await login(api, user.email), 403, "account_disabled");
    expect(refused.message).toBe("This account is disabled.");
    expectError(await login(api, user.email, "not the password at all"), 401, "invalid_credentials");

    // Disabling again changes nothing and is not audited twice.
    const again = await patch(user.id, { disabled: true });
    expect(again.body.disabledAt).toBe(disabled.body.disabledAt);

    api.clock.advance(60_000);
    const enabled = await patch(user.id, { disabled: false });
    expect(enabled.status).toBe(200);
    expect(enabled.body.disabledAt).toBeNull();
    const back = await login(api, user.email);
    expect(back.status).toBe(200);
    expect((await api.call("GET", "/api/v1/me", { token: back.body.token })).body.id).toBe(user.id);
    // What ended stays ended.
    for (const token of [user.token, pat.token]) {
      expectError(await api.call("GET", "/api/v1/me", { token }), 401, "invalid_token");
    }
  });

  it("refuses a disabled account's credentials even when one slipped past the disabling", async () => {
    const user = await signup(api);
    const pat = await accessToken(api, user.token);
    // Disabled behind the API's back (a restore, a script): its rows remain.
    await api
      .db("users")
      .where({ id: user.id })
      .update({ disabled_at: new Date(api.clock.now()).toISOString() });
    api.clock.advance(5_000); // past the credential cache
    expectError(await api.call("GET", "/api/v1/me", { token: user.token }), 401, "invalid_token");
    expectError(await api.call("GET", "/api/v1/me", { token: pat.token }), 401, "invalid_token");
    await api.db("users").where({ id: user.id }).update({ disabled_at: null });
  });

  it("stops a two-factor sign-in already past its password step", async () => {
    const user = await signup(api);
    const setup = await api.call("POST", "/api/v1/me/mfa/totp/setup", { token: user.token });
    const code = () => generate({ secret: setup.body.secret, epoch: Math.floor(api.clock.now() / 1000) });
    expect(
      (
        await api.call("POST", "/api/v1/me/mfa/totp/enable", {
          token: user.token,
          body: { code: await code() },
        })
      ).status,
    ).toBe(200);
    const first = await login(api, user.email);
    expect(first.body.mfaRequired).toBe(true);
    expect((await patch(user.id, { disabled: true })).status).toBe(200);
    api.clock.advance(30_000);
    expectError(
      await api.call("POST", "/api/v1/auth/login/mfa", {
        body: { mfaToken: first.body.mfaToken, code: await code() },
      }),
      401,
      "mfa_token_invalid",
    );
    // With two-factor on, a disabled account still gets no challenge to answer.
    const second = expectError(await login(api, user.email), 403, "account_disabled");
    expect(JSON.stringify(second)).not.toContain("mfa");
  });

  it("audits every change with the actor, the target, and the values before and after", async () => {
    const user = await signup(api);
    const pat = await accessToken(api, user.token);
    expect(pat.id).toBeTruthy();
    await patch(user.id, { role: "author", disabled: true });
    await patch(user.id, { disabled: true }); // no change: no event
    await patch(user.id, { disabled: false });
    const events = (
      await api.call("GET", "/api/v1/audit?limit=200", { token: admin.token })
    ).body.events.filter(
      (e: { targetId: string; action: string }) => e.targetId === user.id && e.action.startsWith("admin."),
    );
    const at = new Date(api.clock.now()).toISOString();
    expect(events.reverse()).toEqual([
      expect.objectContaining({
        action: "admin.user_role_changed",
        actorId: admin.id,
        targetType: "user",
        details: { before: { role: "learner" }, after: { role: "author" } },
      }),
      expect.objectContaining({
        action: "admin.user_disabled",
        actorId: admin.id,
        details: {
          before: { disabledAt: null },
          after: { disabledAt: at },
          sessionsEnded: 1,
          tokensRevoked: 1,
        },
      }),
      expect.objectContaining({
        action: "admin.user_enabled",
        actorId: admin.id,
        details: { before: { disabledAt: at }, after: { disabledAt: null } },
      }),
    ]);
    expect((await api.call("GET", "/api/v1/audit/verify", { token: admin.token })).body.ok).toBe(true);
  });

  it("lets only one of two admins demoting each other at once win, so an admin always remains", async () => {
    const a = await signup(api, { role: "admin" });
    const b = await signup(api, { role: "admin" });
    const results = await Promise.all([
      patch(b.id, { role: "learner" }, a.token),
      patch(a.id, { role: "learner" }, b.token),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    const roles = await api.db("users").whereIn("id", [a.id, b.id]).pluck("role");
    expect(roles.sort()).toEqual(["admin", "learner"]);
    // The same with disabling.
    const c = await signup(api, { role: "admin" });
    const d = await signup(api, { role: "admin" });
    const disables = await Promise.all([
      patch(d.id, { disabled: true }, c.token),
      patch(c.id, { disabled: true }, d.token),
    ]);
    // The loser is refused as no admin (403), or, if its request came in after its sessions ended, as
    // signed out (401).
    const [won, lost] = [...disables].sort((x, y) => x.status - y.status);
    expect(won?.status).toBe(200);
    expect([401, 403]).toContain(lost?.status);
    const left = await api.db("users").whereIn("id", [c.id, d.id]).whereNull("disabled_at").pluck("role");
    expect(left).toEqual(["admin"]);
  });
});

const sqlite = databases[0];
const describeRedis = redisUnavailable ? describe.skip : describe;
describeRedis(
  `disabling across API instances through Redis${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
  () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    let a: TestApi;
    let b: TestApi;
    let destroy: () => Promise<void>;

    beforeAll(async () => {
      if (!sqlite) throw new Error("no SQLite target");
      redis = await startRedis();
      const database = await sqlite.create();
      destroy = database.destroy;
      a = await startApi(database.knex, { redis: redis.client() });
      b = await startApi(database.knex, { redis: redis.client() });
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await destroy?.();
      await redis?.stop();
    });

    it("refuses a disabled user's session and token on the other instance at once, although it had them cached", async () => {
      const admin = await signup(a, { role: "admin" });
      const user = await signup(a);
      const pat = await accessToken(a, user.token);
      for (const token of [user.token, pat.token]) {
        expect((await b.call("GET", "/api/v1/me", { token })).status).toBe(200); // cached on b
      }
      const res = await a.call("PATCH", `/api/v1/admin/users/${user.id}`, {
        token: admin.token,
        body: { disabled: true },
      });
      expect(res.status).toBe(200);
      // No clock moves: only the Redis message can make b refuse.
      for (const token of [user.token, pat.token]) {
        await expect
          .poll(async () => (await b.call("GET", "/api/v1/me", { token })).status, {
            timeout: 2000,
            interval: 10,
          })
          .toBe(401);
      }
    });
  },
);
