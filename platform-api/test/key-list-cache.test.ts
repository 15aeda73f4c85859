import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordUsage } from "../src/services/tutor/llm/usage.js";
import { createKeyListCache, keyRowChanged } from "../src/services/vault/key-list-cache.js";
import { signUp } from "./support/accounts.js";
import { fakeClock, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { redisUnavailable, startRedis } from "./support/redis.js";

const sqlite = databases[0];
if (!sqlite) throw new Error("no SQLite target");

describe("the key list cache", () => {
  const cacheFor = (clock = fakeClock(), ttlMs = 5000) =>
    createKeyListCache<string[]>({ clock, ttlMs, max: 2 });

  it("answers within the TTL and forgets after it", async () => {
    const clock = fakeClock();
    const cache = cacheFor(clock);
    cache.set("u1", ["k1"], ["k1"], cache.epoch());
    expect(cache.get("u1")).toEqual(["k1"]);
    clock.advance(5000);
    expect(cache.get("u1")).toBeUndefined();
    await cache.close();
  });

  it("drops a read that raced with a change, and a user's list when one of their keys changes", async () => {
    const cache = cacheFor();
    const epoch = cache.epoch();
    await cache.forget("u1"); // changed while the read was in flight
    cache.set("u1", ["k1"], ["k1"], epoch);
    expect(cache.get("u1")).toBeUndefined();
    cache.set("u1", ["k1", "k2"], ["k1", "k2"], cache.epoch());
    cache.set("u2", ["k3"], ["k3"], cache.epoch());
    keyRowChanged("k2"); // usage counted on u1's key
    expect(cache.get("u1")).toBeUndefined();
    expect(cache.get("u2")).toEqual(["k3"]);
    await cache.close();
  });

  it("keeps at most `max` users, and nothing with a TTL of 0", async () => {
    const cache = cacheFor();
    for (const u of ["a", "b", "c"]) cache.set(u, [u], [], cache.epoch());
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toEqual(["c"]);
    const off = cacheFor(fakeClock(), 0);
    off.set("a", ["a"], [], off.epoch());
    expect(off.get("a")).toBeUndefined();
    await cache.close();
    await off.close();
  });
});

const describeRedis = redisUnavailable ? describe.skip : describe;
describeRedis(
  `key lists across API instances through Redis${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
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

    const signup = async () => {
      const email = `keys-${Math.random().toString(36).slice(2)}@example.com`;
      const { token, user } = await signUp(a, { email, password: "a cached passphrase" });
      return { token, userId: user.id };
    };
    const addKey = async (api: TestApi, token: string, name: string, extra: Record<string, unknown> = {}) => {
      const res = await api.call("POST", "/api/v1/keys", {
        token,
        body: { name, provider: "openai", secret: `sk-list-cache-${name}-0123456789abcdef`, ...extra },
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const names = async (api: TestApi, token: string) =>
      (await api.call("GET", "/api/v1/keys", { token })).body.map((k: { name: string }) => k.name);
    // Pub/sub is asynchronous: the other instance hears of a change a moment later.
    const eventually = async (check: () => Promise<void>) => {
      for (let i = 0; ; i++) {
        try {
          return await check();
        } catch (err) {
          if (i >= 50) throw err;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };

    it("shows a key added, renamed or deleted on one instance on the other, although it had the list cached", async () => {
      const { token } = await signup();
      const first = await addKey(a, token, "first");
      expect(await names(b, token)).toEqual(["first"]); // cached on b now
      a.clock.advance(1); // listed oldest first
      await addKey(a, token, "second");
      await eventually(async () => expect(await names(b, token)).toEqual(["first", "second"]));
      expect(await names(a, token)).toEqual(["first", "second"]); // a's own change, at once
      expect(
        (await a.call("PATCH", `/api/v1/keys/${first}`, { token, body: { name: "renamed" } })).status,
      ).toBe(200);
      expect(await names(a, token)).toEqual(["renamed", "second"]);
      await eventually(async () => expect(await names(b, token)).toEqual(["renamed", "second"]));
      expect((await a.call("DELETE", `/api/v1/keys/${first}`, { token })).status).toBe(204);
      await eventually(async () => expect(await names(b, token)).toEqual(["second"]));
    });

    it("shows usage counted by a provider call at once, on both instances", async () => {
      const { token, userId } = await signup();
      const keyId = await addKey(a, token, "counted");
      const usage = async (api: TestApi) => (await api.call("GET", "/api/v1/keys", { token })).body[0].usage;
      expect(await usage(a)).toEqual({ requests: 0, inputTokens: 0, outputTokens: 0 });
      expect(await usage(b)).toEqual({ requests: 0, inputTokens: 0, outputTokens: 0 });
      await recordUsage(a.db, {
        userId,
        keyId,
        task: "chat",
        provider: "openai",
        model: "gpt-test",
        inputTokens: 12,
        outputTokens: 5,
        embedId: null,
        estimated: false,
        at: new Date(a.clock.now()).toISOString(),
      });
      expect(await usage(a)).toEqual({ requests: 1, inputTokens: 12, outputTokens: 5 });
      await eventually(async () =>
        expect(await usage(b)).toEqual({ requests: 1, inputTokens: 12, outputTokens: 5 }),
      );
    });

    it("works out expiry when asked, not when cached", async () => {
      const { token } = await signup();
      const expiresAt = new Date(a.clock.now() + 1000).toISOString();
      await addKey(a, token, "short-lived", { expiresAt });
      const list = async () => (await a.call("GET", "/api/v1/keys", { token })).body[0];
      expect((await list()).expired).toBe(false);
      a.clock.advance(1500); // within the cache's TTL
      expect((await list()).expired).toBe(true);
    });
  },
);
