import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { describeEachDatabase } from "./support/databases.js";
import { type FakeProvider, startFakeProvider } from "./support/fake-openai.js";

const password = "correct horse battery staple";

describeEachDatabase("a key's base URL changes only with its secret", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  /** The provider the owner paired the key with, and an address someone else controls. */
  let home: FakeProvider;
  let elsewhere: FakeProvider;

  beforeAll(async () => {
    home = await startFakeProvider();
    elsewhere = await startFakeProvider();
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex, { allowPrivateProviderUrls: [home.url, elsewhere.url] });
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
    await home?.close();
    await elsewhere?.close();
  });

  it("refuses a new base URL without the secret, so the stored secret never travels to it", async () => {
    const { token: session } = await signUp(api, { email: `base-url-${Date.now()}@example.com`, password });
    const secret = `sk-${randomBytes(20).toString("hex")}`;
    home.keys.add(secret);
    elsewhere.keys.add(secret);
    const key = await api.call("POST", "/api/v1/keys", {
      token: session,
      body: { name: "lab", provider: "openai-compatible", secret, baseUrl: `${home.url}/v1` },
    });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    // Whoever holds a vault-writing token, not the owner at the keyboard.
    const grant = await api.call("POST", "/api/v1/me/tokens", {
      token: session,
      body: { name: "vault manager", scopes: ["keys", "keys:write"] },
    });
    expect(grant.status).toBe(201);
    const token = grant.body.token as string;

    const moved = await api.call("PATCH", `/api/v1/keys/${key.body.id}`, {
      token,
      body: { baseUrl: `${elsewhere.url}/v1` },
    });
    const error = expectError(moved, 400, "secret_required");
    expect(error.details).toEqual([{ path: "secret", message: "required when baseUrl changes" }]);
    expect((await api.call("GET", `/api/v1/keys/${key.body.id}`, { token })).body.baseUrl).toBe(
      `${home.url}/v1`,
    );

    const verified = await api.call("POST", `/api/v1/keys/${key.body.id}/verify`, { token });
    expect(verified.status).toBe(200);
    expect(elsewhere.requests).toHaveLength(0);
    expect(home.requests.length).toBeGreaterThan(0);

    // Unchanged, or with the secret typed again, is fine.
    const same = await api.call("PATCH", `/api/v1/keys/${key.body.id}`, {
      token,
      body: { baseUrl: `${home.url}/v1/`, name: "lab two" },
    });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    const replacement = `sk-${randomBytes(20).toString("hex")}`;
    elsewhere.keys.add(replacement);
    const both = await api.call("PATCH", `/api/v1/keys/${key.body.id}`, {
      token,
      body: { baseUrl: `${elsewhere.url}/v1`, secret: replacement },
    });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    expect(both.body.last4).toBe(replacement.slice(-4));
    expect((await api.call("POST", `/api/v1/keys/${key.body.id}/verify`, { token })).body.ok).toBe(true);
    const sent = elsewhere.requests.map((r) => String(r.headers.authorization ?? ""));
    expect(sent.every((h) => !h.includes(secret))).toBe(true);
    expect(sent.some((h) => h.includes(replacement))).toBe(true);
  });
});
