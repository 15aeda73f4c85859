import { User } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";

describe.each(databases)("PATCH /me on $name", (target) => {
  let database: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    database = await target.create();
    api = await startApi(database.knex);
  });

  afterAll(async () => {
    await api?.close();
    await database?.destroy();
  });

  const patch = (token: string | undefined, body: unknown) =>
    api.call("PATCH", "/api/v1/me", { ...(token ? { token } : {}), body });

  it("changes the display name and the mail language, and /me shows them at once", async () => {
    const user = await signUp(api);
    // Read once, so the account sits in the credential cache.
    expect((await api.call("GET", "/api/v1/me", { token: user.token })).body.displayName).toBeNull();

    const res = await patch(user.token, { displayName: "  Grace Hopper ", locale: "pt-BR" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const updated = User.parse(res.body);
    expect(updated).toMatchObject({ id: user.user.id, displayName: "Grace Hopper", locale: "pt-BR" });
    expect(await api.db("users").where({ id: user.user.id }).first("display_name", "locale")).toEqual({
      display_name: "Grace Hopper",
      locale: "pt-BR",
    });
    const me = await api.call("GET", "/api/v1/me", { token: user.token });
    expect(me.body).toMatchObject({ displayName: "Grace Hopper", locale: "pt-BR" });

    const audit = await api
      .db("audit_log")
      .where({ action: "account.profile_updated", actor_id: user.user.id })
      .first();
    expect(JSON.parse(audit.details)).toEqual({ fields: ["displayName", "locale"], locale: "pt-BR" });
    expect(audit.details).not.toContain("Grace");
  });

  it("keeps what is left out and clears what is null", async () => {
    const user = await signUp(api, { displayName: "Alan" });
    expect((await patch(user.token, { locale: "fr" })).body).toMatchObject({
      displayName: "Alan",
      locale: "fr",
    });
    expect((await patch(user.token, {})).body).toMatchObject({ displayName: "Alan", locale: "fr" });
    expect((await patch(user.token, { locale: null })).body).toMatchObject({
      displayName: "Alan",
      locale: null,
    });
    expect((await patch(user.token, { displayName: null })).body).toMatchObject({ displayName: null });
  });

  it("refuses what is not a name or a language, unknown fields, and callers without the write scope", async () => {
    const user = await signUp(api);
    for (const body of [
      { displayName: "x".repeat(101) },
      { displayName: "   " },
      { locale: "not a language" },
      { locale: "xx" },
      { role: "admin" },
      { email: "other@example.com" },
    ]) {
      expectError(await patch(user.token, body), 400, "invalid_request");
    }
    expect((await api.db("users").where({ id: user.user.id }).first("role")).role).toBe("learner");

    expectError(await patch(undefined, { locale: "es" }), 401);
    const readOnly = await api.call("POST", "/api/v1/me/tokens", {
      token: user.token,
      body: { name: "read only", scopes: ["read"] },
    });
    expect(readOnly.status).toBe(201);
    expectError(await patch(readOnly.body.token as string, { locale: "es" }), 403, "insufficient_scope");
    expect((await api.db("users").where({ id: user.user.id }).first("locale")).locale).toBeNull();
  });
});
