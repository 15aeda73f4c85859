import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.js";
import { signUp } from "./support/accounts.js";
import { expectError, METRICS_TOKEN, startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";

const sqlite = databases.find((d) => d.name === "sqlite") as (typeof databases)[number];

describe("GET /metrics", () => {
  let db: TestDatabase;
  let api: TestApi;
  let off: TestApi;

  beforeAll(async () => {
    db = await sqlite.create();
    api = await startApi(db.knex, { metricsToken: METRICS_TOKEN });
    off = await startApi(db.knex, { metricsToken: null });
  });
  afterAll(async () => {
    await api?.close();
    await off?.close();
    await db?.destroy();
  });

  it("answers Prometheus text to a scraper with METRICS_TOKEN", async () => {
    await api.call("GET", "/healthz");
    const res = await api.call("GET", "/metrics", { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain("# TYPE codeground_api_requests_total counter");
    expect(res.body).toMatch(
      /codeground_api_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
  });

  it("refuses a scraper without the token, or with another one, and says nothing of the metrics", async () => {
    const none = await api.call("GET", "/metrics");
    expectError(none, 401, "missing_token");
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="codeground-metrics"');
    for (const wrong of [
      `${METRICS_TOKEN}x`,
      METRICS_TOKEN.slice(0, -1),
      METRICS_TOKEN.toUpperCase(),
      "a".repeat(METRICS_TOKEN.length),
    ]) {
      const res = await api.call("GET", "/metrics", { token: wrong });
      expectError(res, 401, "invalid_token");
      expect(JSON.stringify(res.body)).not.toContain("codeground_api_");
    }
    expectError(
      await api.call("GET", "/metrics", { headers: { Authorization: `Basic ${METRICS_TOKEN}` } }),
      401,
      "invalid_token",
    );
  });

  it("does not take a user's session or access token for the metrics token", async () => {
    const signup = await signUp(api, { email: "ops@example.test", password: "correct horse battery" });
    expectError(await api.call("GET", "/metrics", { token: signup.token }), 401, "invalid_token");
  });

  it("is off (404) without METRICS_TOKEN, whatever the caller sends", async () => {
    expectError(await off.call("GET", "/metrics"), 404, "metrics_disabled");
    expectError(await off.call("GET", "/metrics", { token: METRICS_TOKEN }), 404, "metrics_disabled");
  });

  it("leaves /healthz and /readyz open to probes", async () => {
    for (const app of [api, off]) {
      expect((await app.call("GET", "/healthz")).status).toBe(200);
      expect((await app.call("GET", "/readyz")).status).toBe(200);
    }
  });
});

describe("the METRICS_TOKEN setting", () => {
  it("is off when unset or empty", () => {
    expect(configFromEnv({}).metricsToken).toBeUndefined();
    expect(configFromEnv({ METRICS_TOKEN: "" }).metricsToken).toBeUndefined();
    expect(configFromEnv({ METRICS_TOKEN: METRICS_TOKEN }).metricsToken).toBe(METRICS_TOKEN);
  });

  it("refuses a short token or one with spaces, without echoing it", () => {
    for (const bad of ["short-token", "sixteen chars ok but spaced"]) {
      let message = "";
      try {
        configFromEnv({ METRICS_TOKEN: bad });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/METRICS_TOKEN: at least 16 characters/);
      expect(message).not.toContain(bad);
    }
  });
});
