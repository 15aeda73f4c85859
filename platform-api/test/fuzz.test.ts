import { ErrorBody } from "@codeground/sdk";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";

/** Random JSON, plus shapes close to real requests (right keys, wrong values), which find more. */
const payload = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      email: fc.oneof(fc.emailAddress(), fc.string(), fc.integer()),
      password: fc.oneof(fc.string({ maxLength: 2000 }), fc.constant(null)),
      code: fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{6}$/), fc.integer()),
      mfaToken: fc.oneof(fc.string(), fc.constant("cgm_".padEnd(40, "a"))),
      name: fc.oneof(fc.string(), fc.integer()),
      scopes: fc.oneof(fc.array(fc.string()), fc.string()),
      expiresInDays: fc.oneof(fc.integer(), fc.double(), fc.string()),
      // LTI registrations: URLs that are nearly right, private, or not URLs at all.
      issuer: fc.oneof(fc.webUrl(), fc.string(), fc.constant("http://127.0.0.1")),
      clientId: fc.oneof(fc.string(), fc.integer()),
      deploymentIds: fc.oneof(fc.array(fc.string()), fc.string()),
      keysetUrl: fc.oneof(fc.webUrl(), fc.constant("http://169.254.169.254/"), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

describe.each(databases)("random input on every route on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let token = "";

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
    const session = await signUp(api, {
      email: `fuzz-${Date.now()}@example.com`,
      password: "fuzzing passphrase",
    });
    // A personal access token: random calls to /auth/logout cannot end it mid-run.
    const pat = await api.call("POST", "/api/v1/me/tokens", {
      token: session.token,
      body: { name: "fuzz", scopes: ["read", "write", "keys"] },
    });
    token = pat.body.token;
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  it("never answers 500, and every error has the house shape", async () => {
    const routes = api.app.routes.flatMap((r) => r.methods.map((method) => ({ method, path: r.path })));
    expect(routes.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        payload,
        fc.boolean(),
        fc.string({ maxLength: 40 }),
        async (route, body, signedIn, param) => {
          const path = route.path.replace(/:[a-zA-Z]+/g, encodeURIComponent(param) || "x");
          const hasBody = !["GET", "DELETE"].includes(route.method);
          const res = await api.call(route.method, path, {
            ...(hasBody ? { body } : {}),
            ...(signedIn ? { token } : {}),
          });
          expect(res.status, `${route.method} ${path} -> ${JSON.stringify(res.body)}`).toBeLessThan(500);
          if (res.status >= 400) expect(ErrorBody.safeParse(res.body).success).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the LTI login and launch never answer 500, and refuse with an HTML page", async () => {
    const form = fc.dictionary(
      fc.constantFrom(
        "iss",
        "login_hint",
        "target_link_uri",
        "client_id",
        "lti_deployment_id",
        "lti_storage_target",
        "id_token",
        "state",
        "lti_storage_nonce",
      ),
      fc.oneof(fc.string({ maxLength: 300 }), fc.webUrl(), fc.constant("eyJhbGciOiJub25lIn0.e30.")),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET /lti/login", "POST /lti/login", "POST /lti/launch"),
        form,
        async (route, fields) => {
          const [method, path] = route.split(" ") as [string, string];
          const query = method === "GET" ? `?${new URLSearchParams(fields)}` : "";
          const res = await fetch(`${api.url}${path}${query}`, {
            method,
            redirect: "manual",
            ...(method === "POST"
              ? {
                  headers: { "Content-Type": "application/x-www-form-urlencoded" },
                  body: new URLSearchParams(fields).toString(),
                }
              : {}),
          });
          expect(res.status, `${route} ${JSON.stringify(fields)}`).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers.get("content-type")).toMatch(/^text\/html/);
          await res.body?.cancel();
        },
      ),
      { numRuns: 100 },
    );
  });
});
