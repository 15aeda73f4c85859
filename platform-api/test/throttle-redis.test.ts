import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { redisUnavailable, startRedis } from "./support/redis.js";

const sqlite = databases[0];
if (!sqlite) throw new Error("no SQLite target");
const describeRedis = redisUnavailable ? describe.skip : describe;

describeRedis(
  `brute-force limits shared through Redis${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
  () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    let a: TestApi;
    let b: TestApi;
    let destroy: () => Promise<void>;

    beforeAll(async () => {
      redis = await startRedis();
      const database = await sqlite.create();
      destroy = database.destroy;
      // Two API instances on one database and one Redis: what a load balancer would spread over.
      a = await startApi(database.knex, { redis: redis.client() });
      b = await startApi(database.knex, { redis: redis.client() });
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await destroy?.();
      await redis?.stop();
    });

    it("locks an account on every instance once one instance saw too many wrong passwords", async () => {
      const email = `shared-${Date.now()}@example.com`;
      const password = "a shared passphrase";
      expect((await a.call("POST", "/api/v1/auth/signup", { body: { email, password } })).status).toBe(202);
      for (let i = 0; i < 10; i++) {
        const res = await a.call("POST", "/api/v1/auth/login", { body: { email, password: `wrong ${i}` } });
        expect(res.status).toBe(401);
      }
      const locked = await b.call("POST", "/api/v1/auth/login", { body: { email, password } });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
      const keys = await redis.client().keys("cg:throttle:account*");
      expect(keys.length).toBeGreaterThan(0);
    });

    it("keeps other accounts free", async () => {
      const email = `free-${Date.now()}@example.com`;
      const password = "another passphrase";
      expect((await a.call("POST", "/api/v1/auth/signup", { body: { email, password } })).status).toBe(202);
      expect((await b.call("POST", "/api/v1/auth/login", { body: { email, password } })).status).toBe(200);
    });
  },
);
