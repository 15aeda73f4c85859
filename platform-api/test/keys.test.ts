import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { ApiKey, Preferences, VerifyKeyResponse } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { expectError, METRICS_TOKEN, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { type DatabaseName, databases } from "./support/databases.js";
import { type FakeProvider, startFakeProvider } from "./support/fake-openai.js";

const password = "correct horse battery staple";

describe.each(databases)("key vault on $name", (target) => {
  let api: TestApi;
  let fake: FakeProvider;
  /** A loopback port nothing listens on. */
  let closed: number;
  let destroy: () => Promise<void>;
  let n = 0;
  /** Every secret a test typed; none may show up in a response, a log line or a database row. */
  const typed = new Set<string>();
  /** Every response body the suite received. */
  const answers: string[] = [];

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    fake = await startFakeProvider();
    closed = await closedPort();
    // The operator's allowance: the fake provider's origin, and one where nothing listens.
    api = await startApi(database.knex, {
      allowPrivateProviderUrls: [fake.url, `http://127.0.0.1:${closed}`],
    });
  });

  afterAll(async () => {
    await fake?.close();
    await api?.close();
    await destroy?.();
  });

  const call: TestApi["call"] = async (method, path, options) => {
    const res = await api.call(method, path, options);
    answers.push(typeof res.body === "string" ? res.body : JSON.stringify(res.body ?? ""));
    return res;
  };

  /** A fresh provider key; `known` ones the fake provider accepts. */
  function secret(known = true): string {
    const value = `sk-proj-${randomBytes(24).toString("hex")}`;
    typed.add(value);
    if (known) fake.keys.add(value);
    return value;
  }

  async function signup() {
    const { token, user } = await signUp(api, { email: `vault${++n}-${Date.now()}@example.com`, password });
    return { token, userId: user.id };
  }

  async function pat(session: string, scopes: string[]) {
    const res = await call("POST", "/api/v1/me/tokens", { token: session, body: { name: "t", scopes } });
    expect(res.status).toBe(201);
    return res.body.token as string;
  }

  const compatible = (overrides: Record<string, unknown> = {}) => ({
    name: `local model ${++n}`,
    provider: "openai-compatible",
    secret: secret(),
    baseUrl: `${fake.url}/v1`,
    ...overrides,
  });

  async function createKey(token: string, overrides: Record<string, unknown> = {}) {
    const body = compatible(overrides);
    const res = await call("POST", "/api/v1/keys", { token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { key: ApiKey.parse(res.body), secret: body.secret as string };
  }

  const later = (ms: number) => new Date(api.clock.now() + ms).toISOString();

  it("stores a key and shows it by last four characters and fingerprint, never the secret", async () => {
    const { token } = await signup();
    const value = secret();
    const res = await call("POST", "/api/v1/keys", {
      token,
      body: {
        name: "  home lab  ",
        provider: "openai-compatible",
        model: "llama-3.1-8b",
        secret: `  ${value}\n`,
        baseUrl: `${fake.url}/v1/`,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const key = ApiKey.parse(res.body);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(key).sort());
    expect(key).toMatchObject({
      name: "home lab",
      provider: "openai-compatible",
      model: "llama-3.1-8b",
      baseUrl: `${fake.url}/v1`,
      last4: value.slice(-4),
      createdAt: new Date(api.clock.now()).toISOString(),
      expiresAt: null,
      expired: false,
      lastUsedAt: null,
      usage: { requests: 0, inputTokens: 0, outputTokens: 0 },
    });
    expect(key.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(res.body)).not.toContain(value);

    const list = await call("GET", "/api/v1/keys", { token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([key]);
    const one = await call("GET", `/api/v1/keys/${key.id}`, { token });
    expect(one.body).toEqual(key);

    // At rest: envelopes bound to the row, and the master key that wraps them named.
    const row = await api.db("api_keys").where({ id: key.id }).first();
    for (const column of ["secret", "base_url"]) {
      const envelope = JSON.parse(row[column]);
      expect(envelope).toMatchObject({ v: 1, kms: "local" });
      expect(envelope.keyId).toBe(row.kms_key_id);
    }
    expect(row.secret).not.toContain(value);
    expect(row.base_url).not.toContain(fake.url);
  });

  it("refuses key fields that are missing or malformed, without echoing them", async () => {
    const { token } = await signup();
    const spaced = `sk-has space-${randomBytes(8).toString("hex")}`;
    typed.add(spaced);
    const cases: [Record<string, unknown>, string][] = [
      [{ provider: "openai", secret: secret() }, "name"],
      [{ name: "x", provider: "mystery", secret: secret() }, "provider"],
      [{ name: "x", provider: "openai" }, "secret"],
      [{ name: "x", provider: "openai", secret: spaced }, "secret"],
      [{ name: "x", provider: "openai", secret: "   " }, "secret"],
      [{ name: "x", provider: "openai", secret: "sk-\u043a\u043b\u044e\u0447-0123456789abcdef" }, "secret"],
      [{ name: "x", provider: "openai", secret: `sk-${"a".repeat(4100)}` }, "secret"],
      [{ name: "x", provider: "openai", secret: secret(), expiresAt: "next tuesday" }, "expiresAt"],
      [{ name: "x", provider: "openai", secret: secret(), model: "" }, "model"],
      [{ name: "x", provider: "openai-compatible", secret: secret() }, "baseUrl"],
      [{ name: "x", provider: "azure-openai", secret: secret() }, "baseUrl"],
      [{ name: "x", provider: "openai", secret: secret(), baseUrl: "https://api.openai.com/v1" }, "baseUrl"],
      [{ ...compatible(), baseUrl: "ftp://127.0.0.1/v1" }, "baseUrl"],
      [{ ...compatible(), baseUrl: "http://user:pw@127.0.0.1/v1" }, "baseUrl"],
      [{ ...compatible(), baseUrl: `${fake.url}/v1?key=abc` }, "baseUrl"],
      [{ ...compatible(), owner: "someone-else" }, ""],
    ];
    for (const [body, path] of cases) {
      const res = await call("POST", "/api/v1/keys", { token, body });
      const error = expectError(res, 400, "invalid_request");
      expect((error.details as { path: string }[]).map((d) => d.path)).toContain(path);
      expect(JSON.stringify(res.body)).not.toContain(String(body.secret ?? "§"));
    }
    expect(JSON.stringify(answers)).not.toContain("sk-has space");
    expect((await call("GET", "/api/v1/keys", { token })).body).toEqual([]);
  });

  it("refuses an expiry in the past, and a name already taken whatever its case", async () => {
    const { token } = await signup();
    const past = await call("POST", "/api/v1/keys", {
      token,
      body: compatible({ expiresAt: later(-1000) }),
    });
    expect(expectError(past, 400, "invalid_request").details).toEqual([
      { path: "expiresAt", message: "pick a date in the future" },
    ]);
    await createKey(token, { name: "Work" });
    expectError(
      await call("POST", "/api/v1/keys", { token, body: compatible({ name: "work" }) }),
      409,
      "key_name_taken",
    );
    const { key } = await createKey(token, { name: "Personal" });
    expectError(
      await call("PATCH", `/api/v1/keys/${key.id}`, { token, body: { name: "WORK" } }),
      409,
      "key_name_taken",
    );
    // Another user may use the same name.
    await createKey((await signup()).token, { name: "Work" });
  });

  it("renames, changes the model and expiry, clears them, and keeps the secret", async () => {
    const { token } = await signup();
    const { key } = await createKey(token, { model: "m1" });
    api.clock.advance(1000);
    const res = await call("PATCH", `/api/v1/keys/${key.id}`, {
      token,
      body: { name: "renamed", model: "m2", expiresAt: later(86_400_000) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const updated = ApiKey.parse(res.body);
    expect(updated).toMatchObject({ name: "renamed", model: "m2", expiresAt: later(86_400_000) });
    expect(updated.updatedAt > key.updatedAt).toBe(true);
    expect([updated.last4, updated.fingerprint]).toEqual([key.last4, key.fingerprint]);
    const cleared = await call("PATCH", `/api/v1/keys/${key.id}`, {
      token,
      body: { model: null, expiresAt: null },
    });
    expect(cleared.body).toMatchObject({ model: null, expiresAt: null, name: "renamed" });
    expect((await call("POST", `/api/v1/keys/${key.id}/verify`, { token })).body.ok).toBe(true);
  });

  it("refuses an update that changes nothing or breaks the provider's rules", async () => {
    const { token } = await signup();
    const { key } = await createKey(token);
    const patch = (body: unknown) => call("PATCH", `/api/v1/keys/${key.id}`, { token, body });
    expectError(await patch({}), 400, "invalid_request");
    expectError(await patch({ provider: "openai" }), 400, "invalid_request");
    expectError(await patch({ name: 42 }), 400, "invalid_request");
    expectError(await patch({ secret: "two words" }), 400, "invalid_request");
    const needs = expectError(await patch({ baseUrl: null }), 400, "invalid_request");
    expect(needs.details).toEqual([{ path: "baseUrl", message: "openai-compatible keys need a base URL" }]);
    const openai = (
      await call("POST", "/api/v1/keys", {
        token,
        body: { name: "official", provider: "openai", secret: secret() },
      })
    ).body;
    expect(openai.baseUrl).toBeNull();
    expectError(
      await call("PATCH", `/api/v1/keys/${openai.id}`, { token, body: { baseUrl: `${fake.url}/v1` } }),
      400,
      "invalid_request",
    );
    expectError(
      await call("PATCH", `/api/v1/keys/${key.id}`, { token, body: { expiresAt: later(-1) } }),
      400,
      "invalid_request",
    );
  });

  it("verifies a key with the provider, and records when it was last used", async () => {
    const { token } = await signup();
    const { key, secret: value } = await createKey(token);
    const before = fake.requests.length;
    api.clock.advance(5000);
    const res = await call("POST", `/api/v1/keys/${key.id}/verify`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(VerifyKeyResponse.parse(res.body)).toEqual({
      ok: true,
      checkedAt: new Date(api.clock.now()).toISOString(),
    });
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests[before]).toMatchObject({ method: "GET", url: "/v1/models" });
    expect(fake.requests[before]?.headers.authorization).toBe(`Bearer ${value}`);
    const after = (await call("GET", `/api/v1/keys/${key.id}`, { token })).body;
    expect(after.lastUsedAt).toBe(res.body.checkedAt);
    expect(after.updatedAt).toBe(key.updatedAt);
  });

  it("reports a key the provider refuses, without relaying the provider's answer", async () => {
    const { token } = await signup();
    const { key, secret: value } = await createKey(token, { secret: secret(false) });
    const res = await call("POST", `/api/v1/keys/${key.id}/verify`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, message: "the provider refused this key" });
    // The fake quotes the key in its 401, as providers do; it must not come back to us.
    expect(JSON.stringify(res.body)).not.toContain(value);
    expect((await call("GET", `/api/v1/keys/${key.id}`, { token })).body.lastUsedAt).toBeNull();
  });

  it("replacing the secret changes last4 and fingerprint, and the provider sees the new one", async () => {
    const { token } = await signup();
    const { key } = await createKey(token, { secret: secret(false) });
    expect((await call("POST", `/api/v1/keys/${key.id}/verify`, { token })).body.ok).toBe(false);
    const replacement = secret();
    const res = await call("PATCH", `/api/v1/keys/${key.id}`, { token, body: { secret: replacement } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.last4).toBe(replacement.slice(-4));
    expect(res.body.last4).not.toBe(key.last4);
    expect(res.body.fingerprint).not.toBe(key.fingerprint);
    expect(res.body.baseUrl).toBe(key.baseUrl);
    expect(JSON.stringify(res.body)).not.toContain(replacement);
    const verify = await call("POST", `/api/v1/keys/${key.id}/verify`, { token });
    expect(verify.body.ok).toBe(true);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${replacement}`);
  });

  it("moves a key to another allowed base URL, keeping one master key for the row", async () => {
    const { token } = await signup();
    const { key, secret: value } = await createKey(token);
    // A new address takes the secret again (see keys-base-url.test.ts); the same secret keeps its fingerprint.
    const res = await call("PATCH", `/api/v1/keys/${key.id}`, {
      token,
      body: { baseUrl: `${fake.url}/status/404/v1`, secret: value },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.baseUrl).toBe(`${fake.url}/status/404/v1`);
    expect(res.body.fingerprint).toBe(key.fingerprint);
    const verify = await call("POST", `/api/v1/keys/${key.id}/verify`, { token });
    expect(verify.body).toMatchObject({ ok: false });
    expect(verify.body.message).toContain("404");
    const row = await api.db("api_keys").where({ id: key.id }).first();
    expect(JSON.parse(row.secret).keyId).toBe(row.kms_key_id);
    expect(JSON.parse(row.base_url).keyId).toBe(row.kms_key_id);
  });

  it("flags an expired key and does not send it to the provider", async () => {
    const { token } = await signup();
    const expiresAt = later(3_600_000);
    const { key } = await createKey(token, { expiresAt });
    expect(key).toMatchObject({ expiresAt, expired: false });
    api.clock.advance(2 * 3_600_000);
    expect((await call("GET", `/api/v1/keys/${key.id}`, { token })).body.expired).toBe(true);
    expect(
      (await call("GET", "/api/v1/keys", { token })).body.find((k: ApiKey) => k.id === key.id).expired,
    ).toBe(true);
    const before = fake.requests.length;
    const res = await call("POST", `/api/v1/keys/${key.id}/verify`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      checkedAt: new Date(api.clock.now()).toISOString(),
      message: `this key expired on ${expiresAt}`,
    });
    expect(fake.requests.length).toBe(before);
    // A new expiry brings it back.
    const renewed = await call("PATCH", `/api/v1/keys/${key.id}`, {
      token,
      body: { expiresAt: later(3_600_000) },
    });
    expect(renewed.body.expired).toBe(false);
  });

  it("answers 502 when the provider cannot be reached, naming the host but not the key", async () => {
    const { token } = await signup();
    const port = closed;
    const { key, secret: value } = await createKey(token, { baseUrl: `http://127.0.0.1:${port}/v1` });
    const res = await call("POST", `/api/v1/keys/${key.id}/verify`, { token });
    const error = expectError(res, 502, "provider_unreachable");
    expect(error.type).toBe("external_service");
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(JSON.stringify(res.body)).not.toContain(value);
    const failing = await createKey(token, { baseUrl: `${fake.url}/status/503/v1` });
    expectError(
      await call("POST", `/api/v1/keys/${failing.key.id}/verify`, { token }),
      502,
      "provider_error",
    );
  });

  it("refuses base URLs on loopback, private, link-local and metadata addresses", async () => {
    const { token } = await signup();
    const refused = [
      "https://localhost/v1",
      "http://localhost:11434/v1",
      "https://127.0.0.2/v1",
      "https://2130706434/v1",
      "https://[::1]/v1",
      "https://[::ffff:127.0.0.2]/v1",
      "https://0.0.0.0/v1",
      "https://10.0.0.1/v1",
      "https://172.16.5.4/v1",
      "https://192.168.1.1/v1",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/v1",
      "https://[fd00:ec2::254]/v1",
      "https://[fe80::1]/v1",
      "http://8.8.8.8/v1", // public, but plain http
    ];
    for (const baseUrl of refused) {
      const res = await call("POST", "/api/v1/keys", { token, body: compatible({ baseUrl }) });
      const error = expectError(res, 400, "base_url_not_allowed");
      expect(error.type).toBe("validation");
      expect(error.message.length).toBeGreaterThan(20);
    }
    const { key } = await createKey(token);
    for (const baseUrl of ["https://169.254.169.254/v1", "https://[::1]/v1"]) {
      expectError(
        await call("PATCH", `/api/v1/keys/${key.id}`, { token, body: { baseUrl } }),
        400,
        "base_url_not_allowed",
      );
    }
    expect((await call("GET", `/api/v1/keys/${key.id}`, { token })).body.baseUrl).toBe(key.baseUrl);
    expect((await call("GET", "/api/v1/keys", { token })).body).toHaveLength(1);
    const azure = await call("POST", "/api/v1/keys", {
      token,
      body: { name: "azure", provider: "azure-openai", secret: secret(), baseUrl: "https://10.1.1.1" },
    });
    expectError(azure, 400, "base_url_not_allowed");
  });

  it("refuses even 127.0.0.1 when the operator has not allowed it", async () => {
    const strict = await startApi(api.db);
    try {
      const signed = await signUp(strict, { email: `strict${++n}@example.com`, password });
      const res = await strict.call("POST", "/api/v1/keys", { token: signed.token, body: compatible() });
      answers.push(JSON.stringify(res.body));
      expectError(res, 400, "base_url_not_allowed");
      strict.logs.forEach((line) => {
        api.logs.push(line);
      });
    } finally {
      await strict.close();
    }
  });

  it("deletes a key; it is gone from every route and from the preferences", async () => {
    const { token } = await signup();
    const { key } = await createKey(token);
    const { key: other } = await createKey(token);
    await call("PUT", "/api/v1/me/preferences", {
      token,
      body: { keys: { chat: key.id, feedback: other.id } },
    });
    const res = await call("DELETE", `/api/v1/keys/${key.id}`, { token });
    expect(res.status).toBe(204);
    expectError(await call("GET", `/api/v1/keys/${key.id}`, { token }), 404, "key_not_found");
    expectError(await call("DELETE", `/api/v1/keys/${key.id}`, { token }), 404, "key_not_found");
    expectError(await call("POST", `/api/v1/keys/${key.id}/verify`, { token }), 404, "key_not_found");
    expect((await call("GET", "/api/v1/keys", { token })).body.map((k: ApiKey) => k.id)).toEqual([other.id]);
    expect((await call("GET", "/api/v1/me/preferences", { token })).body).toEqual({
      keys: { chat: null, feedback: other.id },
    });
    expect(await api.db("api_keys").where({ id: key.id }).first()).toBeUndefined();
  });

  it("answers 401 on every route to a caller who is not signed in", async () => {
    const { token } = await signup();
    const { key } = await createKey(token);
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/keys"],
      ["POST", "/api/v1/keys", compatible()],
      ["GET", `/api/v1/keys/${key.id}`],
      ["PATCH", `/api/v1/keys/${key.id}`, { name: "mine now" }],
      ["DELETE", `/api/v1/keys/${key.id}`],
      ["POST", `/api/v1/keys/${key.id}/verify`],
      ["GET", "/api/v1/me/preferences"],
      ["PUT", "/api/v1/me/preferences", { keys: { chat: key.id } }],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(method, path, body === undefined ? {} : { body });
      expectError(res, 401, "unauthenticated");
      expect(JSON.stringify(res.body)).not.toContain(key.name);
    }
    expectError(
      await call("GET", "/api/v1/keys", { token: "cgs_not-a-real-session-token-000000" }),
      401,
      "invalid_token",
    );
    expect((await call("GET", `/api/v1/keys/${key.id}`, { token })).body.name).toBe(key.name);
  });

  it("answers 404 with nothing of the key on every route for another user's key", async () => {
    const owner = await signup();
    const { key } = await createKey(owner.token, { name: "owner's secret project" });
    const intruder = await signup();
    const before = fake.requests.length;
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/v1/keys/${key.id}`],
      ["PATCH", `/api/v1/keys/${key.id}`, { name: "taken over" }],
      ["PATCH", `/api/v1/keys/${key.id}`, { secret: secret() }],
      ["POST", `/api/v1/keys/${key.id}/verify`],
      ["DELETE", `/api/v1/keys/${key.id}`],
      ["PUT", "/api/v1/me/preferences", { keys: { chat: key.id } }],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(method, path, {
        token: intruder.token,
        ...(body === undefined ? {} : { body }),
      });
      expectError(res, 404, "key_not_found");
      expect(JSON.stringify(res.body)).not.toContain(key.name);
      expect(JSON.stringify(res.body)).not.toContain(key.fingerprint);
    }
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-an-id", "' OR 1=1 --"]) {
      expectError(
        await call("GET", `/api/v1/keys/${encodeURIComponent(id)}`, { token: intruder.token }),
        404,
        "key_not_found",
      );
    }
    expect((await call("GET", "/api/v1/keys", { token: intruder.token })).body).toEqual([]);
    expect(fake.requests.length).toBe(before);
    const intact = (await call("GET", `/api/v1/keys/${key.id}`, { token: owner.token })).body;
    expect(intact).toEqual(key);
  });

  it("needs the write and keys scopes to change keys, and the keys scope to read or use them", async () => {
    const { token: session } = await signup();
    const { key } = await createKey(session);
    const readOnly = await pat(session, ["read"]);
    const readWrite = await pat(session, ["read", "write"]);
    const readKeys = await pat(session, ["read", "keys"]);
    const all = await pat(session, ["read", "write", "keys"]);

    expectError(
      await call("POST", "/api/v1/keys", { token: readOnly, body: compatible() }),
      403,
      "insufficient_scope",
    );
    expectError(await call("GET", "/api/v1/keys", { token: readOnly }), 403, "insufficient_scope");
    expectError(
      await call("POST", "/api/v1/keys", { token: readWrite, body: compatible() }),
      403,
      "insufficient_scope",
    );
    expectError(
      await call("POST", `/api/v1/keys/${key.id}/verify`, { token: readWrite }),
      403,
      "insufficient_scope",
    );
    expectError(await call("GET", `/api/v1/keys/${key.id}`, { token: readWrite }), 403, "insufficient_scope");
    expectError(
      await call("DELETE", `/api/v1/keys/${key.id}`, { token: readKeys }),
      403,
      "insufficient_scope",
    );
    expectError(
      await call("PATCH", `/api/v1/keys/${key.id}`, { token: readKeys, body: { name: "x" } }),
      403,
      "insufficient_scope",
    );
    expectError(
      await call("PUT", "/api/v1/me/preferences", { token: readOnly, body: { keys: { chat: key.id } } }),
      403,
      "insufficient_scope",
    );

    expect((await call("GET", "/api/v1/keys", { token: readKeys })).status).toBe(200);
    expect((await call("POST", `/api/v1/keys/${key.id}/verify`, { token: readKeys })).body.ok).toBe(true);
    expect((await call("GET", "/api/v1/me/preferences", { token: readOnly })).status).toBe(200);
    expect((await call("POST", "/api/v1/keys", { token: all, body: compatible() })).status).toBe(201);
  });

  it("checks the origin of cookie-session writes to the vault", async () => {
    const { token } = await signup();
    const cookie = `cg_session=${token}`;
    expectError(
      await call("POST", "/api/v1/keys", {
        body: compatible(),
        headers: { Cookie: cookie, Origin: "https://evil.example" },
      }),
      403,
      "cross_site_request",
    );
    const ok = await call("POST", "/api/v1/keys", {
      body: compatible(),
      headers: { Cookie: cookie, Origin: PUBLIC_URL },
    });
    expect(ok.status).toBe(201);
  });

  it("refuses to use a secret moved from another user's row, and never sends it anywhere", async () => {
    const alice = await signup();
    const bob = await signup();
    const a = await createKey(alice.token);
    const b = await createKey(bob.token);
    const rowA = await api.db("api_keys").where({ id: a.key.id }).first();
    const rowB = await api.db("api_keys").where({ id: b.key.id }).first();
    await api.db("api_keys").where({ id: a.key.id }).update({ secret: rowB.secret });
    await api.db("api_keys").where({ id: b.key.id }).update({ secret: rowA.secret });
    const before = fake.requests.length;

    const res = await call("POST", `/api/v1/keys/${a.key.id}/verify`, { token: alice.token });
    const error = expectError(res, 409, "key_unreadable");
    expect(error.message).toContain("Delete the key and add it again");
    expect(JSON.stringify(res.body)).not.toContain(b.secret);
    expectError(
      await call("POST", `/api/v1/keys/${b.key.id}/verify`, { token: bob.token }),
      409,
      "key_unreadable",
    );
    // Changing the base URL needs the secret re-sealed: refused as well, not re-sealed under this row.
    expectError(
      await call("PATCH", `/api/v1/keys/${a.key.id}`, {
        token: alice.token,
        body: { baseUrl: `${fake.url}/v1` },
      }),
      409,
      "key_unreadable",
    );
    expect(fake.requests.length).toBe(before);
    expect((await api.db("api_keys").where({ id: a.key.id }).first()).secret).toBe(rowB.secret);

    // Moved within one user's keys it does not open either: the row id is bound in too.
    const c = await createKey(alice.token);
    const rowC = await api.db("api_keys").where({ id: c.key.id }).first();
    await api.db("api_keys").where({ id: a.key.id }).update({ secret: rowC.secret });
    expectError(
      await call("POST", `/api/v1/keys/${a.key.id}/verify`, { token: alice.token }),
      409,
      "key_unreadable",
    );

    // A moved base URL does not open: the list still answers, without it, and verify refuses.
    await api.db("api_keys").where({ id: a.key.id }).update({ secret: rowA.secret, base_url: rowC.base_url });
    const listed = (await call("GET", "/api/v1/keys", { token: alice.token })).body;
    expect(listed.find((k: ApiKey) => k.id === a.key.id).baseUrl).toBeNull();
    expectError(
      await call("POST", `/api/v1/keys/${a.key.id}/verify`, { token: alice.token }),
      409,
      "key_unreadable",
    );

    // Replacing both brings the key back.
    const fresh = secret();
    const repaired = await call("PATCH", `/api/v1/keys/${a.key.id}`, {
      token: alice.token,
      body: { secret: fresh, baseUrl: `${fake.url}/v1` },
    });
    expect(repaired.status).toBe(200);
    expect((await call("POST", `/api/v1/keys/${a.key.id}/verify`, { token: alice.token })).body.ok).toBe(
      true,
    );
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${fresh}`);

    const audit = (await call("GET", "/api/v1/audit", { token: alice.token })).body.events;
    expect(audit.map((e: { action: string }) => e.action)).toContain("key.unreadable");
  });

  it("sets, reads and clears which key serves chat and feedback, only with the caller's own keys", async () => {
    const { token } = await signup();
    const empty = await call("GET", "/api/v1/me/preferences", { token });
    expect(Preferences.parse(empty.body)).toEqual({ keys: { chat: null, feedback: null } });
    const { key: chat } = await createKey(token);
    const { key: feedback } = await createKey(token);
    const set = await call("PUT", "/api/v1/me/preferences", { token, body: { keys: { chat: chat.id } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({ keys: { chat: chat.id, feedback: null } });
    // A task left out keeps its key; null clears.
    const both = await call("PUT", "/api/v1/me/preferences", {
      token,
      body: { keys: { feedback: feedback.id } },
    });
    expect(both.body).toEqual({ keys: { chat: chat.id, feedback: feedback.id } });
    const cleared = await call("PUT", "/api/v1/me/preferences", { token, body: { keys: { chat: null } } });
    expect(cleared.body).toEqual({ keys: { chat: null, feedback: feedback.id } });
    expect((await call("GET", "/api/v1/me/preferences", { token })).body).toEqual(cleared.body);

    const stranger = await signup();
    const theirs = await createKey(stranger.token);
    const res = await call("PUT", "/api/v1/me/preferences", {
      token,
      body: { keys: { chat: theirs.key.id } },
    });
    expectError(res, 404, "key_not_found");
    expect((await call("GET", "/api/v1/me/preferences", { token })).body).toEqual(cleared.body);
    // The stranger's preferences are their own.
    expect((await call("GET", "/api/v1/me/preferences", { token: stranger.token })).body).toEqual({
      keys: { chat: null, feedback: null },
    });

    for (const body of [{ keys: { grading: chat.id } }, { keys: { chat: 7 } }, { chat: chat.id }, {}, []]) {
      expectError(await call("PUT", "/api/v1/me/preferences", { token, body }), 400, "invalid_request");
    }
  });

  it("audits every key action with ids and names only", async () => {
    const { token, userId } = await signup();
    const { key } = await createKey(token, { name: "audited" });
    await call("PATCH", `/api/v1/keys/${key.id}`, { token, body: { name: "audited 2", secret: secret() } });
    await call("POST", `/api/v1/keys/${key.id}/verify`, { token });
    await call("PUT", "/api/v1/me/preferences", { token, body: { keys: { chat: key.id } } });
    await call("DELETE", `/api/v1/keys/${key.id}`, { token });
    const events = (await call("GET", "/api/v1/audit", { token })).body.events as {
      action: string;
      actorId: string;
      targetId: string;
      details: Record<string, unknown>;
    }[];
    const byAction = (action: string) => events.find((e) => e.action === action);
    for (const action of [
      "key.created",
      "key.updated",
      "key.secret_replaced",
      "key.verified",
      "preferences.updated",
      "key.deleted",
    ]) {
      expect(byAction(action), action).toBeDefined();
      expect(byAction(action)?.actorId).toBe(userId);
    }
    expect(byAction("key.created")).toMatchObject({
      targetId: key.id,
      details: { name: "audited", provider: "openai-compatible" },
    });
    expect(byAction("key.updated")?.details).toEqual({ name: "audited 2", fields: ["name"] });
    expect(byAction("key.verified")?.details).toMatchObject({ ok: true });
    expect(byAction("preferences.updated")?.details).toEqual({ keys: { chat: key.id } });
    expect(JSON.stringify(events)).not.toContain(fake.url);
    expect((await api.app.audit.verify()).ok).toBe(true);
  });

  // Last: it checks what every test before it left behind.
  it("never shows a secret in any response, log line or database row", async () => {
    expect(typed.size).toBeGreaterThan(20);
    const metrics = await call("GET", "/metrics", { token: METRICS_TOKEN });
    expect(metrics.status).toBe(200);
    const responses = answers.join("\n");
    const logs = api.logs.join("\n");
    const database = JSON.stringify(await dumpDatabase(api, target.name));
    expect(database).toContain("api_keys");
    for (const value of typed) {
      // The whole secret, the part before the last four, and its base64 form.
      const needles = [value, value.slice(0, -4), Buffer.from(value).toString("base64").slice(0, 24)];
      for (const needle of needles) {
        expect(responses.includes(needle), "a response carries a secret").toBe(false);
        expect(logs.includes(needle), "a log line carries a secret").toBe(false);
        expect(database.includes(needle), "the database holds a secret in plaintext").toBe(false);
      }
    }
    // The base URLs are stored sealed too.
    expect(database).not.toContain(fake.url);
  });
});

/** Every row of every table, as one value to search. */
async function dumpDatabase(api: TestApi, name: DatabaseName) {
  const tables: string[] =
    name === "sqlite"
      ? (await api.db.raw("select name from sqlite_master where type = 'table'")).map(
          (r: { name: string }) => r.name,
        )
      : name === "postgres"
        ? (await api.db.raw("select tablename from pg_tables where schemaname = current_schema()")).rows.map(
            (r: { tablename: string }) => r.tablename,
          )
        : (await api.db.raw("select name from sys.tables")).map((r: { name: string }) => r.name);
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) dump[table] = await api.db(table).select();
  return dump;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
