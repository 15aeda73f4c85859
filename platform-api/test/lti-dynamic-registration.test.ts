import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Codeground, ValidationError } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { signup } from "./support/embeds.js";
import { harvestSecrets } from "./support/leaks.js";
import { CLAIM, type LtiPlatform, SCOPE, startLtiPlatform } from "./support/lti-platform.js";
import { launchedCourse, launchThroughPlatform } from "./support/lti-tool-flow.js";

/** A hostile or odd "platform": answers each path as the test says. */
async function startFakeSite(
  routes: Record<
    string,
    (origin: string) => { status: number; headers?: Record<string, string>; body?: string }
  >,
) {
  const server: Server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const answer = route(origin);
    res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
    res.end(answer.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(databases)("LTI Dynamic Registration on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let platform: LtiPlatform;
  let hostile: Awaited<ReturnType<typeof startFakeSite>>;
  let owner: { token: string; userId: string };
  const now = () => api.clock.now();

  const page = async (query: Record<string, string>) => {
    const res = await fetch(`${api.url}/lti/register?${new URLSearchParams(query)}`);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const register = (body: Record<string, unknown>, token: string | null = owner.token) =>
    api.call("POST", "/api/v1/lti/registrations/dynamic", { ...(token !== null ? { token } : {}), body });
  const lastRefusal = async () => {
    const row = await api
      .db("audit_log")
      .where({ action: "lti.dynamic_registration_refused" })
      .orderBy("id", "desc")
      .first();
    return row ? { ...row, details: JSON.parse(row.details) } : undefined;
  };
  const registrationCount = async () =>
    Number((await api.db("lti_registrations").count({ n: "*" }).first())?.n);

  beforeAll(async () => {
    platform = await startLtiPlatform({ hostname: "localhost", now });
    hostile = await startFakeSite({
      // An OpenID configuration naming another site as its issuer.
      "/impostor/.well-known/openid-configuration": () => ({
        status: 200,
        body: JSON.stringify({
          issuer: platform.issuer,
          authorization_endpoint: platform.urls.auth,
          token_endpoint: platform.urls.token,
          jwks_uri: platform.urls.jwks,
          registration_endpoint: platform.urls.registration,
        }),
      }),
      "/moved": () => ({ status: 302, headers: { Location: platform.urls.openidConfiguration } }),
    });
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex, { allowPrivateProviderUrls: [platform.issuer, hostile.origin] });
    owner = await signup(api, "learner");
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
    await platform?.close();
    await hostile?.close();
  });

  it("shows the platform's page, registers for the signed-in user, and the registration launches", async () => {
    const start = platform.dynamicRegistration(`${PUBLIC_URL}/lti/register`);
    harvestSecrets({ token: start.registrationToken });
    const query = Object.fromEntries(new URL(start.url).searchParams);

    const shown = await page(query);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.headers.get("content-type")).toMatch(/^text\/html/);
    expect(shown.text).toContain("Register Codeground with your learning platform");
    expect(shown.text).toContain(`codeground-test-lms at ${platform.issuer}`);
    expect(shown.text).toContain('<script src="/lti/register.js"></script>');
    expect(shown.text).not.toMatch(/<script>|<script nonce/);
    const connect = /data-connect="([^"]+)"/.exec(shown.text)?.[1]?.replaceAll("&#38;", "&") ?? "";
    const connectUrl = new URL(connect, PUBLIC_URL);
    expect(connectUrl.pathname).toBe("/lti/connect");
    expect(connectUrl.searchParams.get("openid_configuration")).toBe(platform.urls.openidConfiguration);
    const csp = shown.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(new RegExp(`frame-ancestors [^;]*${platform.issuer.replace(/[.:/]/g, "\\$&")}`));
    const script = await fetch(`${api.url}/lti/register.js`);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(await script.text()).toContain(
      'window.parent.postMessage({ subject: "org.imsglobal.lti.close" }, "*")',
    );

    const res = await register({
      openidConfiguration: connectUrl.searchParams.get("openid_configuration"),
      registrationToken: connectUrl.searchParams.get("registration_token"),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const made = platform.registrations.at(-1);
    expect(made?.via).toBe("dynamic");
    expect(res.body).toMatchObject({
      issuer: platform.issuer,
      clientId: made?.clientId,
      deploymentIds: [made?.deploymentId],
      authLoginUrl: platform.urls.auth,
      authTokenUrl: platform.urls.token,
      keysetUrl: platform.urls.jwks,
      tool: { registerUrl: `${PUBLIC_URL}/lti/register` },
    });
    // What the tool asked for: RFC 7591 with the LTI tool configuration.
    expect(made?.request).toMatchObject({
      application_type: "web",
      grant_types: ["implicit", "client_credentials"],
      response_types: ["id_token"],
      initiate_login_uri: `${PUBLIC_URL}/lti/login`,
      redirect_uris: [`${PUBLIC_URL}/lti/launch`],
      jwks_uri: `${PUBLIC_URL}/lti/jwks`,
      token_endpoint_auth_method: "private_key_jwt",
      [CLAIM.toolConfiguration]: {
        domain: new URL(PUBLIC_URL).host,
        target_link_uri: `${PUBLIC_URL}/lti/launch`,
        messages: [
          { type: "LtiResourceLinkRequest", target_link_uri: `${PUBLIC_URL}/lti/launch` },
          expect.objectContaining({ type: "LtiDeepLinkingRequest" }),
        ],
      },
    });
    expect(made?.scopes.sort()).toEqual(Object.values(SCOPE).sort());
    const audit = await api.db("audit_log").where({ action: "lti.registered_dynamically" }).first();
    expect(audit).toMatchObject({ actor_id: owner.userId, target_id: res.body.id });

    // The registration is the owner's, and the platform's launches now reach a course they own.
    const listed = await api.call("GET", "/api/v1/lti/registrations", { token: owner.token });
    expect(listed.body.map((r: { id: string }) => r.id)).toContain(res.body.id);
    const launch = await launchThroughPlatform(api, platform, {
      clientId: made?.clientId,
      user: { id: "teacher", name: "Teacher" },
      roles: ["Instructor"],
      context: { id: "dyn-ctx", title: "Dynamic" },
      resourceLink: { id: "dyn-link" },
    });
    expect(launch.status, launch.text).toBe(200);
    const courseId = launchedCourse(launch.text);
    const course = await api.call("GET", `/api/v1/courses/${courseId}`, { token: owner.token });
    expect(course.body.role).toBe("owner");

    // The token was single use: the same again is refused by the platform.
    const again = await register({
      openidConfiguration: platform.urls.openidConfiguration,
      registrationToken: start.registrationToken,
    });
    expectError(again, 400, "lti_registration_token_refused");
  });

  it("refuses a configuration whose issuer is not the site it came from", async () => {
    const url = `${hostile.origin}/impostor/.well-known/openid-configuration`;
    const shown = await page({ openid_configuration: url, registration_token: "whatever-token" });
    expect(shown.status).toBe(400);
    expect(shown.text).toContain("Codeground could not start");
    expect(shown.text).toContain("issuer_mismatch");
    expect(await lastRefusal()).toMatchObject({
      actor_type: "anonymous",
      details: { reason: "issuer_mismatch", status: 400 },
    });

    const before = await registrationCount();
    const posts = platform.requests.filter((r) => r.path === "/register").length;
    const token = platform.dynamicRegistration(`${PUBLIC_URL}/lti/register`).registrationToken;
    harvestSecrets({ token });
    const res = await register({ openidConfiguration: url, registrationToken: token });
    expect(expectError(res, 400, "lti_issuer_mismatch").message).toContain(platform.issuer);
    expect(await lastRefusal()).toMatchObject({
      actor_id: owner.userId,
      details: { reason: "issuer_mismatch" },
    });
    expect(await registrationCount()).toBe(before);
    // Nothing was posted to the platform's registration endpoint.
    expect(platform.requests.filter((r) => r.path === "/register")).toHaveLength(posts);
  });

  it("refuses a registration token the platform refuses, and keeps nothing", async () => {
    const before = await registrationCount();
    const res = await register({
      openidConfiguration: platform.urls.openidConfiguration,
      registrationToken: "not-a-token-the-platform-gave",
    });
    const error = expectError(res, 400, "lti_registration_token_refused");
    expect(error.message).toMatch(/refused the registration token \(401\).*start the registration again/);
    expect(error.message).not.toContain("not-a-token-the-platform-gave");
    expect(await lastRefusal()).toMatchObject({ details: { reason: "registration_token_refused" } });
    expect(await registrationCount()).toBe(before);
    const cg = new Codeground({ baseUrl: api.url, token: owner.token });
    await expect(
      cg.lti.registrations.registerDynamically({
        openidConfiguration: platform.urls.openidConfiguration,
        registrationToken: "another-bad-token",
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses a private or redirecting configuration URL", async () => {
    for (const url of [
      "http://127.0.0.1:9/.well-known/openid-configuration",
      "http://169.254.169.254/latest/meta-data",
      "http://10.1.2.3/.well-known/openid-configuration",
    ]) {
      const shown = await page({ openid_configuration: url });
      expect(shown.status, url).toBe(400);
      expect(shown.text).toContain("configuration_not_allowed");
      expectError(await register({ openidConfiguration: url }), 400, "lti_configuration_not_allowed");
    }
    expect(await lastRefusal()).toMatchObject({ details: { reason: "configuration_not_allowed" } });

    const moved = `${hostile.origin}/moved`;
    const shown = await page({ openid_configuration: moved });
    expect(shown.status).toBe(502);
    expect(shown.text).toContain("redirect");
    expectError(await register({ openidConfiguration: moved }), 502, "lti_configuration_redirected");

    const none = await page({});
    expect(none.status).toBe(400);
    expect(none.text).toContain("openid_configuration");
  });

  it("asks a signed-out visitor to sign in: the page is shown, the registration call is 401", async () => {
    const start = platform.dynamicRegistration(`${PUBLIC_URL}/lti/register`);
    harvestSecrets({ token: start.registrationToken });
    const shown = await page(Object.fromEntries(new URL(start.url).searchParams));
    expect(shown.status).toBe(200);
    expect(shown.text).toContain("Sign in to Codeground and register");
    const before = platform.registrations.length;
    expectError(
      await register(
        {
          openidConfiguration: platform.urls.openidConfiguration,
          registrationToken: start.registrationToken,
        },
        null,
      ),
      401,
      "unauthenticated",
    );
    expect(platform.registrations).toHaveLength(before);
  });
  // Last: it spends this address's allowance.
  it("limits the pages one address may open: each makes the server fetch a URL the visitor chose", async () => {
    const url = platform.urls.openidConfiguration;
    let refused: Awaited<ReturnType<typeof page>> | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const shown = await page({ openid_configuration: url });
      if (shown.status !== 200) refused = shown;
    }
    expect(refused?.status).toBe(403);
    expect(refused?.text).toContain("rate_limited");
    expect(await lastRefusal()).toMatchObject({ details: { reason: "rate_limited" } });
  });
});
