import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathVariants, rawRequest } from "../../sandbox/test/path-variants.js";
import { startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { createEmbed, ORIGIN, signup, startSession } from "./support/embeds.js";

const sqlite = databases.find((d) => d.name === "sqlite");
if (!sqlite) throw new Error("SQLite is always available");

/** Every API route with its parameters filled in, as a client would call it. */
function concreteRoutes(api: TestApi) {
  return api.app.routes.flatMap((r) =>
    r.methods.map((method) => ({ method, path: r.path.replace(/:[a-zA-Z]+/g, "x1") })),
  );
}

const json = { "Content-Type": "application/json" };
const parserRefusal = (res: { status: number; body: string }) => res.status === 400 && res.body === "";

describe("no spelling of a protected API path gets past its check", () => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let learner = "";
  let userToken = "";

  beforeAll(async () => {
    const database = await sqlite.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
    const owner = await signup(api);
    userToken = owner.token;
    const embed = await createEmbed(api, owner.token);
    const session = await startSession(api, embed.publishableKey);
    expect(session.status).toBe(201);
    learner = session.body.token;
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  it("answers 401 or 404 to every other spelling of every route that needs a credential", async () => {
    const routes = concreteRoutes(api);
    let protectedRoutes = 0;
    let tried = 0;
    for (const route of routes) {
      const body = ["GET", "DELETE"].includes(route.method) ? undefined : "{}";
      const canonical = await rawRequest(api.url, route.method, route.path, json, body);
      if (canonical.status !== 401) continue;
      protectedRoutes++;
      for (const path of pathVariants(route.path)) {
        const res = await rawRequest(api.url, route.method, path, json, body);
        tried++;
        if (!parserRefusal(res))
          expect([401, 404], `${route.method} ${path}: ${res.body}`).toContain(res.status);
      }
    }
    expect(protectedRoutes).toBeGreaterThan(30);
    expect(tried).toBeGreaterThan(protectedRoutes * 40);
  });

  it("matches one spelling per route: with a valid token, every other spelling is a 404", async () => {
    const auth = { Authorization: `Bearer ${userToken}` };
    let open = 0;
    for (const route of concreteRoutes(api).filter((r) => r.method === "GET")) {
      if ((await rawRequest(api.url, "GET", route.path, auth)).status !== 200) continue;
      open++;
      for (const path of pathVariants(route.path)) {
        const res = await rawRequest(api.url, "GET", path, auth);
        if (!parserRefusal(res)) expect(res.status, `GET ${path}: ${res.body.slice(0, 200)}`).toBe(404);
      }
    }
    expect(open).toBeGreaterThan(8);
  });

  it("keeps a learner token to the learner routes however the path is spelled", async () => {
    // The vault, tokens, embeds, audit log and LTI registrations are never a learner's: no spelling may open them.
    const targets = [
      ["GET", "/api/v1/keys"],
      ["GET", "/api/v1/me"],
      ["GET", "/api/v1/me/tokens"],
      ["GET", "/api/v1/embeds"],
      ["GET", "/api/v1/audit"],
      ["GET", "/api/v1/lti/registrations"],
    ] as const;
    for (const [method, path] of targets) {
      const headers = { Authorization: `Bearer ${learner}`, Origin: ORIGIN };
      const canonical = await rawRequest(api.url, method, path, headers);
      expect(canonical.status, `${method} ${path}`).toBe(403);
      for (const variant of pathVariants(path)) {
        const res = await rawRequest(api.url, method, variant, headers);
        if (!parserRefusal(res))
          expect([401, 403, 404], `${method} ${variant}: ${res.body}`).toContain(res.status);
      }
    }
  });

  it("refuses a cross-site write on a cookie session however the path is spelled", async () => {
    const login = await rawRequest(api.url, "GET", "/api/v1/me", { Authorization: `Bearer ${userToken}` });
    expect(login.status).toBe(200);
    const signin = await fetch(`${api.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://portal.codeground.test" },
      body: JSON.stringify({ email: JSON.parse(login.body).email, password: "correct horse battery staple" }),
    });
    expect(signin.status).toBe(200);
    const cookie = (signin.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^cg_session=/);
    const path = "/api/v1/me/tokens";
    const headers = { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/json" };
    const body = JSON.stringify({ name: "stolen", scopes: ["read", "write", "keys"] });
    expect((await rawRequest(api.url, "POST", path, headers, body)).status).toBe(403);
    for (const variant of pathVariants(path)) {
      const res = await rawRequest(api.url, "POST", variant, headers, body);
      if (!parserRefusal(res)) expect([403, 404], `POST ${variant}: ${res.body}`).toContain(res.status);
    }
    const tokens = await api.call("GET", "/api/v1/me/tokens", { token: userToken });
    expect(tokens.status).toBe(200);
    expect((tokens.body.items ?? tokens.body).some((t: { name: string }) => t.name === "stolen")).toBe(false);
  });
});
