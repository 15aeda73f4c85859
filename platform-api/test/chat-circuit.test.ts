import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmGateway, type LlmChunk, type LlmGateway } from "../src/services/tutor/llm/index.js";
import { signUp } from "./support/accounts.js";
import { startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { type FakeChatProvider, startFakeChatProvider } from "./support/fake-chat-provider.js";
import { redisUnavailable, startRedis } from "./support/redis.js";

const sqlite = databases[0];
if (!sqlite) throw new Error("no SQLite target");

const describeRedis = redisUnavailable ? describe.skip : describe;
describeRedis(
  `tutor circuit breakers shared by API instances through Redis${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
  () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    let fake: FakeChatProvider;
    let destroy: () => Promise<void>;
    const instances: { api: TestApi; gateway: LlmGateway }[] = [];

    beforeAll(async () => {
      redis = await startRedis();
      fake = await startFakeChatProvider();
      const database = await sqlite.create();
      destroy = database.destroy;
      for (let i = 0; i < 2; i++) {
        let gateway: LlmGateway | undefined;
        const api = await startApi(database.knex, {
          redis: redis.client(),
          allowPrivateProviderUrls: [fake.url],
          llm: ({ secrets, clock, logger }) => {
            gateway = createLlmGateway({
              db: database.knex,
              secrets,
              clock,
              logger,
              allowPrivateProviderUrls: [fake.url],
              redis: redis.client(),
              timeouts: { firstTokenMs: 2000, idleMs: 2000 },
              retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 2000 },
              circuit: { failureThreshold: 3, coolDownMs: 60_000 },
            });
            return gateway;
          },
        });
        instances.push({ api, gateway: gateway as LlmGateway });
      }
    });

    afterAll(async () => {
      for (const { api } of instances) await api.close();
      await fake?.close();
      await destroy?.();
      await redis?.stop();
    });

    /** A user (through instance a) with a chosen key and a spare, both on the fake provider. */
    async function userWithTwoKeys() {
      const a = instances[0]?.api as TestApi;
      const { token, user } = await signUp(a, {
        email: `circuit-${randomBytes(4).toString("hex")}@example.com`,
        password: "a circuit passphrase",
      });
      const keys: { id: string; secret: string }[] = [];
      for (const name of ["failing", "spare"]) {
        const secret = `sk-circuit-${randomBytes(16).toString("hex")}`;
        fake.keys.add(secret);
        const res = await a.call("POST", "/api/v1/keys", {
          token,
          body: { name, provider: "openai-compatible", secret, baseUrl: `${fake.url}/v1` },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        keys.push({ id: res.body.id, secret });
      }
      const [failing, spare] = keys as [{ id: string; secret: string }, { id: string; secret: string }];
      const prefs = await a.call("PUT", "/api/v1/me/preferences", {
        token,
        body: { keys: { chat: failing.id } },
      });
      expect(prefs.status, JSON.stringify(prefs.body)).toBe(200);
      return { userId: user.id, failing, spare };
    }

    async function ask(instance: number, userId: string) {
      const gateway = instances[instance]?.gateway as LlmGateway;
      const before = fake.requests.length;
      let last: LlmChunk | undefined;
      for await (const chunk of gateway.stream({
        payerUserId: userId,
        task: "chat",
        messages: [{ role: "user", content: "hint?" }],
        signal: new AbortController().signal,
      })) {
        last = chunk;
      }
      return {
        keyId: last?.type === "done" ? last.keyId : undefined,
        sent: fake.requests.slice(before).map((r) => r.headers.authorization),
      };
    }

    it("opens a key's circuit for every instance when one instance sees it fail", async () => {
      const { userId, failing, spare } = await userWithTwoKeys();
      fake.script.push(...Array(3).fill({ kind: "status", status: 500 }));
      const first = await ask(0, userId);
      expect(first.keyId).toBe(spare.id);
      expect(first.sent).toEqual([...Array(3).fill(`Bearer ${failing.secret}`), `Bearer ${spare.secret}`]);

      // The other instance never saw the failures, yet skips the key at once.
      const second = await ask(1, userId);
      expect(second).toEqual({ keyId: spare.id, sent: [`Bearer ${spare.secret}`] });

      // After the cool-down one trial call (here from instance b) decides; it works, and the
      // circuit is closed for instance a too.
      for (const { api } of instances) api.clock.advance(61_000);
      expect((await ask(1, userId)).keyId).toBe(failing.id);
      expect(await ask(0, userId)).toEqual({ keyId: failing.id, sent: [`Bearer ${failing.secret}`] });
    });

    it("counts failures from every instance towards opening a circuit", async () => {
      const { userId, failing, spare } = await userWithTwoKeys();
      // Two failures seen by a; the third attempt is refused as a bad request, which counts neither way.
      fake.script.push(
        { kind: "status", status: 500 },
        { kind: "status", status: 500 },
        { kind: "status", status: 400 },
      );
      const a = await ask(0, userId);
      expect(a.keyId).toBe(spare.id);
      expect(a.sent).toEqual([...Array(3).fill(`Bearer ${failing.secret}`), `Bearer ${spare.secret}`]);
      // The third consecutive failure, the first b sees, opens the circuit: b does not retry the key.
      fake.script.push({ kind: "status", status: 500 });
      const b = await ask(1, userId);
      expect(b).toEqual({ keyId: spare.id, sent: [`Bearer ${failing.secret}`, `Bearer ${spare.secret}`] });
      expect(await ask(0, userId)).toEqual({ keyId: spare.id, sent: [`Bearer ${spare.secret}`] });
    });
  },
);
