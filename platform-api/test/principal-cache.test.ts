import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrincipalCache } from "../src/services/accounts/principal-cache.js";
import { signUp } from "./support/accounts.js";
import { fakeClock, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { redisUnavailable, startRedis } from "./support/redis.js";

const sqlite = databases[0];
if (!sqlite) throw new Error("no SQLite target");

interface P {
  user: string;
}
const cacheFor = (clock = fakeClock(), ttlMs = 5000) =>
  createPrincipalCache<P>({ clock, ttlMs, max: 3, userOf: (p) => p.user });

describe("the resolved-credential cache", () => {
  it("answers within the TTL and forgets after it", () => {
    const clock = fakeClock();
    const cache = cacheFor(clock);
    cache.set("h1", { user: "u1" }, null, cache.epoch());
    expect(cache.get("h1")).toEqual({ user: "u1" });
    clock.advance(5000);
    expect(cache.get("h1")).toBeUndefined();
  });

  it("never outlives the credential's own expiry", () => {
    const clock = fakeClock();
    const cache = cacheFor(clock);
    cache.set("h1", { user: "u1" }, clock.now() + 1000, cache.epoch());
    clock.advance(999);
    expect(cache.get("h1")).toBeDefined();
    clock.advance(1);
    expect(cache.get("h1")).toBeUndefined();
  });

  it("forgets every credential of a user at once, and only theirs", async () => {
    const cache = cacheFor();
    cache.set("a1", { user: "a" }, null, cache.epoch());
    cache.set("a2", { user: "a" }, null, cache.epoch());
    cache.set("b1", { user: "b" }, null, cache.epoch());
    await cache.forgetUser("a");
    expect(cache.get("a1")).toBeUndefined();
    expect(cache.get("a2")).toBeUndefined();
    expect(cache.get("b1")).toEqual({ user: "b" });
  });

  it("drops a read that raced with a revocation", async () => {
    const cache = cacheFor();
    const epoch = cache.epoch();
    await cache.forgetUser("a"); // revoked while the database read was in flight
    cache.set("a1", { user: "a" }, null, epoch);
    expect(cache.get("a1")).toBeUndefined();
  });

  it("keeps at most `max` entries, dropping the oldest", () => {
    const cache = cacheFor();
    for (const h of ["h1", "h2", "h3", "h4"]) cache.set(h, { user: h }, null, cache.epoch());
    expect(cache.get("h1")).toBeUndefined();
    expect(cache.get("h4")).toBeDefined();
  });

  it("keeps nothing with a TTL of 0", () => {
    const cache = cacheFor(fakeClock(), 0);
    cache.set("h1", { user: "u1" }, null, cache.epoch());
    expect(cache.get("h1")).toBeUndefined();
  });
});

const describeRedis = redisUnavailable ? describe.skip : describe;
describeRedis(
  `revocation across API instances through Redis${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
  () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    let a: TestApi;
    let b: TestApi;
    let destroy: () => Promise<void>;

    beforeAll(async () => {
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

    const signup = async (api: TestApi) => {
      const email = `cache-${Math.random().toString(36).slice(2)}@example.com`;
      const { token } = await signUp(api, { email, password: "a cached passphrase" });
      return token;
    };

    // Pub/sub is asynchronous: the other instance hears of a revocation a few milliseconds after the
    // revoking request answered. The clocks never move here, so the 5 s TTL plays no part: only the
    // Redis message can make the other instance refuse.
    const soon = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 2000, interval: 10 });

    it("trusts a change made outside the API (the CLI) only after the TTL", async () => {
      const token = await signup(a);
      expect((await a.call("GET", "/api/v1/me", { token })).status).toBe(200);
      const me = await a.call("GET", "/api/v1/me", { token });
      await a.db("sessions").where({ user_id: me.body.id }).delete();
      expect((await a.call("GET", "/api/v1/me", { token })).status).toBe(200); // from the cache
      a.clock.advance(5000);
      expect((await a.call("GET", "/api/v1/me", { token })).status).toBe(401);
    });

    it("refuses a logged-out session on the other instance at once, although it had it cached", async () => {
      const token = await signup(a);
      expect((await b.call("GET", "/api/v1/me", { token })).status).toBe(200); // now cached on b
      expect((await a.call("POST", "/api/v1/auth/logout", { token })).status).toBe(204);
      await soon(async () => (await b.call("GET", "/api/v1/me", { token })).status).toBe(401);
      const after = await b.call("GET", "/api/v1/me", { token });
      expect(after.body.error.code).toBe("invalid_token");
    });

    it("refuses a revoked access token on the other instance at once", async () => {
      const session = await signup(a);
      const created = await a.call("POST", "/api/v1/me/tokens", {
        token: session,
        body: { name: "ci", scopes: ["read"] },
      });
      expect(created.status).toBe(201);
      const pat = created.body.token as string;
      expect((await b.call("GET", "/api/v1/me", { token: pat })).status).toBe(200);
      expect(
        (await a.call("DELETE", `/api/v1/me/tokens/${created.body.id}`, { token: session })).status,
      ).toBe(204);
      await soon(async () => (await b.call("GET", "/api/v1/me", { token: pat })).status).toBe(401);
      expect((await a.call("GET", "/api/v1/me", { token: pat })).status).toBe(401);
    });

    it("shows a changed account (two-factor on) on the other instance at once", async () => {
      const token = await signup(a);
      expect((await b.call("GET", "/api/v1/me", { token })).body.mfaEnabled).toBe(false);
      // Turn two-factor on through instance a.
      const setup = await a.call("POST", "/api/v1/me/mfa/totp/setup", { token });
      expect(setup.status).toBe(200);
      const { generateSync } = await import("otplib");
      const code = generateSync({ secret: setup.body.secret, epoch: a.clock.now() / 1000 });
      const enabled = await a.call("POST", "/api/v1/me/mfa/totp/enable", { token, body: { code } });
      expect(enabled.status).toBe(200);
      await soon(async () => (await b.call("GET", "/api/v1/me", { token })).body.mfaEnabled).toBe(true);
    });
  },
);
