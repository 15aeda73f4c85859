import { Embed, EmbedList, normaliseAllowedOrigin } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originAllowed } from "../src/services/embeds/embed-origins.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { createEmbed, ORIGIN, signup } from "./support/embeds.js";

describe("allowed origins", () => {
  it.each([
    ["https://course.example.edu", "https://course.example.edu"],
    ["HTTPS://Course.Example.EDU/", "https://course.example.edu"],
    ["https://course.example.edu:443", "https://course.example.edu"],
    ["https://course.example.edu:8443", "https://course.example.edu:8443"],
    ["https://*.example.edu", "https://*.example.edu"],
    ["https://*.Example.edu:8443", "https://*.example.edu:8443"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://127.0.0.1:5173", "http://127.0.0.1:5173"],
  ])("accepts %s as %s", (input, normalised) => {
    expect(normaliseAllowedOrigin(input)).toEqual({ ok: true, value: normalised });
  });

  it.each([
    ["*", /every site/],
    ["null", /every site/],
    ["https://*", /origin such as|wildcard/],
    ["https://*.edu", /registered domain/],
    ["http://*.example.edu", /first label after https/],
    ["https://a.*.example.edu", /first label/],
    ["https://*.*.example.edu", /exactly one wildcard/],
    ["*.example.edu", /first label/],
    ["http://course.example.edu", /use https/],
    ["https://course.example.edu/lesson", /no path/],
    ["https://course.example.edu?x=1", /no path, query/],
    ["https://user:pw@course.example.edu", /credentials/],
    ["ftp://course.example.edu", /origin such as/],
    ["course.example.edu", /origin such as/],
  ])("refuses %s, explaining the rule", (input, why) => {
    const result = normaliseAllowedOrigin(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(why);
  });

  it.each([
    ["https://course.example.edu", true],
    ["https://a.example.edu", true],
    ["https://deep.a.example.edu", true],
    ["https://example.edu", false],
    ["https://evil-example.edu", false],
    ["https://a.example.edu.evil.com", false],
    ["http://a.example.edu", false],
    ["https://a.example.edu:8443", false],
    ["null", false],
    ["https://course.example.edu/", false],
    ["https://COURSE.example.edu", false],
  ])("with [course.example.edu, *.example.edu], Origin %s is allowed: %s", (origin, allowed) => {
    expect(originAllowed(origin, ["https://course.example.edu", "https://*.example.edu"])).toBe(allowed);
  });
});

describe.each(databases)("embeds on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex, { allowPrivateProviderUrls: ["http://127.0.0.1:9"] });
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  it("creates an embed with pk_ and a secret key shown once, and lists it without the secret", async () => {
    const { token, userId } = await signup(api);
    const created = await createEmbed(api, token, {
      allowedOrigins: ["https://Course.example.edu/", "https://*.example.edu", "https://course.example.edu"],
      problems: ["two-sum"],
      executionsPerMinute: 20,
      tutorPolicy: "open",
    });
    expect(created.publishableKey).toMatch(/^pk_[A-Za-z0-9_-]+$/);
    expect(created.secretKey).toMatch(/^sk_[A-Za-z0-9_-]{40,}$/);
    expect(created.allowedOrigins).toEqual(["https://course.example.edu", "https://*.example.edu"]);
    expect(created).toMatchObject({
      features: ["problem", "chat"],
      problems: ["two-sum"],
      tutorPolicy: "open",
    });

    const list = await api.call("GET", "/api/v1/embeds", { token });
    expect(list.status).toBe(200);
    expect(EmbedList.parse(list.body).map((e) => e.id)).toEqual([created.id]);
    const one = await api.call("GET", `/api/v1/embeds/${created.id}`, { token });
    expect(Embed.strict().parse(one.body).id).toBe(created.id);
    for (const res of [list, one]) expect(JSON.stringify(res.body)).not.toContain(created.secretKey);

    const row = await api.db("embeds").where({ id: created.id }).first();
    expect(row.owner_id).toBe(userId);
    expect(row.secret_key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.signing_secret).not.toContain(created.secretKey);
    const audit = await api.db("audit_log").where({ target_id: created.id }).select("action");
    expect(audit.map((a) => a.action)).toContain("embed.created");
  });

  it("updates and deletes an embed, auditing both", async () => {
    const { token } = await signup(api);
    const embed = await createEmbed(api, token);
    const patched = await api.call("PATCH", `/api/v1/embeds/${embed.id}`, {
      token,
      body: { name: "Renamed", allowedOrigins: ["https://other.example.org"], problems: null },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ name: "Renamed", allowedOrigins: ["https://other.example.org"] });
    expectError(await api.call("PATCH", `/api/v1/embeds/${embed.id}`, { token, body: {} }), 400);

    expect((await api.call("DELETE", `/api/v1/embeds/${embed.id}`, { token })).status).toBe(204);
    expectError(await api.call("GET", `/api/v1/embeds/${embed.id}`, { token }), 404, "embed_not_found");
    const audit = await api.db("audit_log").where({ target_id: embed.id }).select("action");
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["embed.created", "embed.updated", "embed.deleted"]),
    );
  });

  it("refuses invalid settings with messages that explain the rule", async () => {
    const { token } = await signup(api);
    const bad = async (body: Record<string, unknown>) =>
      api.call("POST", "/api/v1/embeds", {
        token,
        body: { name: "x", allowedOrigins: [ORIGIN], features: ["problem"], ...body },
      });
    for (const origin of ["*", "null", "https://*.edu", "http://course.example.edu", "https://a.edu/path"]) {
      const error = expectError(await bad({ allowedOrigins: [origin] }), 400, "invalid_request");
      expect(JSON.stringify(error.details)).toMatch(/allowedOrigins\.0/);
    }
    expectError(await bad({ allowedOrigins: [] }), 400);
    expectError(await bad({ features: ["everything"] }), 400);
    expectError(await bad({ problems: ["Not A Slug"] }), 400);
    expectError(await bad({ executionsPerMinute: 0 }), 400);
    expectError(await bad({ secretKey: "sk_mine" }), 400);
    const metadata = expectError(
      await bad({ webhookUrl: "https://169.254.169.254/latest" }),
      400,
      "webhook_url_not_allowed",
    );
    expect(metadata.message).toMatch(/public address/);
    expectError(await bad({ webhookUrl: "http://10.0.0.1/hook" }), 400, "webhook_url_not_allowed");
    expectError(await bad({ webhookUrl: "https://localhost/hook" }), 400, "webhook_url_not_allowed");
    // The operator's allowance (tests: http://127.0.0.1:9) admits a loopback receiver there, and only there.
    expect((await bad({ webhookUrl: "http://127.0.0.1:9/hook" })).status).toBe(201);
    expectError(await bad({ webhookUrl: "http://127.0.0.1:10/hook" }), 400, "webhook_url_not_allowed");
  });

  it("lets only authors and admins create embeds, and needs a sign-in for everything", async () => {
    const learner = await signup(api, "learner");
    expectError(
      await api.call("POST", "/api/v1/embeds", {
        token: learner.token,
        body: { name: "x", allowedOrigins: [ORIGIN], features: ["problem"] },
      }),
      403,
      "role_required",
    );
    for (const [method, path] of [
      ["GET", "/api/v1/embeds"],
      ["POST", "/api/v1/embeds"],
      ["GET", "/api/v1/embeds/00000000-0000-0000-0000-000000000000"],
      ["POST", "/api/v1/embeds/00000000-0000-0000-0000-000000000000/rotate-secret"],
      ["GET", "/api/v1/embeds/00000000-0000-0000-0000-000000000000/deliveries"],
    ] as const) {
      expectError(await api.call(method, path, method === "POST" ? { body: {} } : {}), 401);
    }
    const pat = await api.call("POST", "/api/v1/me/tokens", {
      token: (await signup(api)).token,
      body: { name: "read only", scopes: ["read"] },
    });
    expectError(
      await api.call("POST", "/api/v1/embeds", {
        token: pat.body.token,
        body: { name: "x", allowedOrigins: [ORIGIN], features: ["problem"] },
      }),
      403,
      "insufficient_scope",
    );
  });

  it("answers 404 for another user's embed, on every route", async () => {
    const owner = await signup(api);
    const other = await signup(api);
    const embed = await createEmbed(api, owner.token);
    const base = `/api/v1/embeds/${embed.id}`;
    expectError(await api.call("GET", base, { token: other.token }), 404, "embed_not_found");
    expectError(await api.call("PATCH", base, { token: other.token, body: { name: "mine" } }), 404);
    expectError(await api.call("DELETE", base, { token: other.token }), 404);
    expectError(await api.call("POST", `${base}/rotate-secret`, { token: other.token }), 404);
    expectError(await api.call("GET", `${base}/deliveries`, { token: other.token }), 404);
    const list = await api.call("GET", "/api/v1/embeds", { token: other.token });
    expect(list.body).toEqual([]);
    expect((await api.call("GET", base, { token: owner.token })).body.name).toBe(embed.name);
  });

  it("sponsors the tutor: chat settings validated, read back, changed field by field and audited", async () => {
    const { token } = await signup(api);
    const plain = await createEmbed(api, token);
    expect(plain.chat).toEqual({ sponsored: false, monthlyTokenBudget: null });

    const bad = async (chat: unknown) =>
      api.call("POST", "/api/v1/embeds", {
        token,
        body: { name: "x", allowedOrigins: [ORIGIN], features: ["chat"], chat },
      });
    for (const budget of [0, -5, 1.5, 3_000_000_000, "1000"]) {
      const error = expectError(await bad({ monthlyTokenBudget: budget }), 400, "invalid_request");
      expect(JSON.stringify(error.details)).toContain("chat.monthlyTokenBudget");
    }
    expectError(await bad({ sponsored: "yes" }), 400, "invalid_request");
    expectError(await bad({ sponsored: true, keyId: "mine" }), 400, "invalid_request");
    // Sponsoring needs a key that can pay.
    const keyless = expectError(await bad({ sponsored: true }), 400, "chat_key_required");
    expect(keyless.message).toMatch(/key vault/);
    expectError(
      await api.call("PATCH", `/api/v1/embeds/${plain.id}`, { token, body: { chat: { sponsored: true } } }),
      400,
      "chat_key_required",
    );
    const key = await api.call("POST", "/api/v1/keys", {
      token,
      body: { name: "tutor", provider: "openai", secret: `sk-embed-test-${"k".repeat(40)}` },
    });
    expect(key.status, JSON.stringify(key.body)).toBe(201);

    const sponsored = await createEmbed(api, token, {
      chat: { sponsored: true, monthlyTokenBudget: 50_000 },
    });
    expect(sponsored.chat).toEqual({ sponsored: true, monthlyTokenBudget: 50_000 });
    const patched = await api.call("PATCH", `/api/v1/embeds/${plain.id}`, {
      token,
      body: { chat: { sponsored: true, monthlyTokenBudget: 1000 } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(Embed.strict().parse(patched.body).chat).toEqual({ sponsored: true, monthlyTokenBudget: 1000 });
    // Only what is sent changes; null removes the budget.
    const unlimited = await api.call("PATCH", `/api/v1/embeds/${plain.id}`, {
      token,
      body: { chat: { monthlyTokenBudget: null } },
    });
    expect(unlimited.body.chat).toEqual({ sponsored: true, monthlyTokenBudget: null });
    const renamed = await api.call("PATCH", `/api/v1/embeds/${plain.id}`, {
      token,
      body: { name: "Renamed" },
    });
    expect(renamed.body.chat).toEqual({ sponsored: true, monthlyTokenBudget: null });
    const stopped = await api.call("PATCH", `/api/v1/embeds/${plain.id}`, {
      token,
      body: { chat: { sponsored: false } },
    });
    expect(stopped.body.chat).toEqual({ sponsored: false, monthlyTokenBudget: null });
    expect((await api.call("GET", `/api/v1/embeds/${plain.id}`, { token })).body.chat).toEqual({
      sponsored: false,
      monthlyTokenBudget: null,
    });
    const row = await api.db("embeds").where({ id: plain.id }).first();
    expect(Boolean(row.chat_sponsored)).toBe(false);

    const changes = await api
      .db("audit_log")
      .where({ target_id: plain.id, action: "embed.chat_sponsorship_changed" })
      .orderBy("id")
      .select("details");
    expect(changes.map((c) => JSON.parse(c.details))).toEqual([
      expect.objectContaining({
        from: { sponsored: false, monthlyTokenBudget: null },
        to: { sponsored: true, monthlyTokenBudget: 1000 },
      }),
      expect.objectContaining({ to: { sponsored: true, monthlyTokenBudget: null } }),
      expect.objectContaining({ to: { sponsored: false, monthlyTokenBudget: null } }),
    ]);
  });

  it("does not let another user read or change an embed's tutor sponsorship", async () => {
    const owner = await signup(api);
    const other = await signup(api);
    await api.call("POST", "/api/v1/keys", {
      token: other.token,
      body: { name: "theirs", provider: "openai", secret: `sk-other-test-${"o".repeat(40)}` },
    });
    const embed = await createEmbed(api, owner.token);
    const base = `/api/v1/embeds/${embed.id}`;
    expectError(
      await api.call("PATCH", base, {
        token: other.token,
        body: { chat: { sponsored: true, monthlyTokenBudget: 10 } },
      }),
      404,
      "embed_not_found",
    );
    expectError(await api.call("GET", base, { token: other.token }), 404, "embed_not_found");
    expect((await api.call("GET", base, { token: owner.token })).body.chat).toEqual({
      sponsored: false,
      monthlyTokenBudget: null,
    });
  });

  it("rotates the secret key: a new sk_ shown once, audited, the old hash gone", async () => {
    const { token } = await signup(api);
    const embed = await createEmbed(api, token);
    const rotated = await api.call("POST", `/api/v1/embeds/${embed.id}/rotate-secret`, { token });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.secretKey).toMatch(/^sk_/);
    expect(rotated.body.secretKey).not.toBe(embed.secretKey);
    expect(rotated.body.publishableKey).toBe(embed.publishableKey);
    expect(rotated.body.secretRotatedAt).toBeTruthy();
    const later = await api.call("GET", `/api/v1/embeds/${embed.id}`, { token });
    expect(JSON.stringify(later.body)).not.toMatch(/sk_/);
    const audit = await api.db("audit_log").where({ target_id: embed.id, action: "embed.secret_rotated" });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(rotated.body.secretKey);
  });

  it("serves the frame page with frame-ancestors of the embed's origins and a fresh nonce each time", async () => {
    const { token } = await signup(api);
    const embed = await createEmbed(api, token, {
      allowedOrigins: [ORIGIN, "https://*.example.org"],
      features: ["problem"],
      problems: ["two-sum"],
    });
    const page = () =>
      fetch(`${api.url}/embed/${embed.publishableKey}/problem?problem=two-sum`, { redirect: "manual" });
    const [a, b] = [await page(), await page()];
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = a.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors ${ORIGIN} https://*.example.org`);
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(a.headers.get("x-frame-options")).toBeNull();
    expect(a.headers.get("referrer-policy")).toBe("no-referrer");
    const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];
    const nonce = nonceOf(csp);
    expect(nonce).toBeTruthy();
    expect(nonceOf(b.headers.get("content-security-policy") ?? "")).not.toBe(nonce);
    const html = await a.text();
    expect(html).toContain('<div id="app"');
    expect(html).toContain(`<script type="module" nonce="${nonce}" src="/widget/frame.js"></script>`);
    await b.text();

    // The API's own answers stay unframable.
    const json = await api.call("GET", "/api/v1/embeds", { token });
    expect(json.headers.get("x-frame-options")).toBeTruthy();
    expect(json.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it.each([
    ["an element the embed does not offer", "chat", ""],
    ["an unknown element", "editor", ""],
    ["a problem outside the embed's list", "problem", "?problem=three-sum"],
    ["a malformed problem slug", "problem", "?problem=%3Cscript%3E"],
  ])("answers a 404 page for %s", async (_what, element, query) => {
    const { token } = await signup(api);
    const embed = await createEmbed(api, token, { features: ["problem"], problems: ["two-sum"] });
    const res = await fetch(`${api.url}/embed/${embed.publishableKey}/${element}${query}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).not.toContain("<script");
  });

  it("answers a 404 page for an unknown publishable key", async () => {
    const res = await fetch(`${api.url}/embed/pk_unknownunknownunknown/problem`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-frame-options")).toBeTruthy();
    await res.text();
  });
});
