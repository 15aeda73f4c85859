import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordUsage } from "../src/services/tutor/llm/usage.js";
import { describeEachDatabase, type TestDatabase } from "./support/databases.js";

describeEachDatabase("a key's monthly usage counters", (target) => {
  let db: TestDatabase;
  const userId = randomUUID();
  const keyId = randomUUID();

  beforeAll(async () => {
    db = await target.create();
    const at = "2026-11-01T00:00:00.000Z";
    await db.knex("users").insert({
      id: userId,
      email: `usage-${userId}@example.com`,
      password_hash: "x",
      role: "learner",
      created_at: at,
      updated_at: at,
    });
    await db.knex("api_keys").insert({
      id: keyId,
      user_id: userId,
      name: "work",
      provider: "openai",
      secret: "{}",
      kms_key_id: "local:1",
      last4: "abcd",
      fingerprint: "f".repeat(64),
      usage: "{}",
      created_at: at,
      updated_at: at,
    });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const call = (at: string, inputTokens: number, outputTokens: number) =>
    recordUsage(db.knex, {
      userId,
      keyId,
      task: "chat",
      provider: "openai",
      model: "m",
      inputTokens,
      outputTokens,
      embedId: null,
      estimated: false,
      at,
    });
  const counters = () =>
    db
      .knex("api_keys")
      .where({ id: keyId })
      .first("usage_month", "usage_requests", "usage_input_tokens", "usage_output_tokens");

  it("add up within a month, including calls that finish at the same moment", async () => {
    await call("2026-11-03T10:00:00.000Z", 10, 2);
    await Promise.all([call("2026-11-20T10:00:00.000Z", 5, 1), call("2026-11-20T10:00:00.000Z", 7, 3)]);
    expect(await counters()).toEqual({
      usage_month: "2026-11",
      usage_requests: 3,
      usage_input_tokens: 22,
      usage_output_tokens: 6,
    });
  });

  it("start again with a new month", async () => {
    await call("2026-12-01T00:00:01.000Z", 4, 4);
    expect(await counters()).toEqual({
      usage_month: "2026-12",
      usage_requests: 1,
      usage_input_tokens: 4,
      usage_output_tokens: 4,
    });
  });
});
