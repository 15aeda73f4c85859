/// <reference lib="dom" />
// The browser suite evaluates code in the framed tool, where window and MessageEvent exist.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from "jose";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLAIM,
  type LaunchRequest,
  type LtiPlatform,
  MEDIA_TYPE,
  type RegistrationInfo,
  ROLE,
  readAutoSubmitForm,
  SCOPE,
  startLtiPlatform,
} from "./support/lti-platform.js";
import { type FakeTool, startFakeTool } from "./support/lti-tool-fake.js";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let clock = Date.now();
let platform: LtiPlatform;
let tool: FakeTool;
let info: RegistrationInfo;

const course = { id: "course-42", label: "CS101", title: "Introduction to Programming" };
const ada = {
  id: "user-ada",
  name: "Ada Lovelace",
  givenName: "Ada",
  familyName: "Lovelace",
  email: "ada@example.edu",
};
const grace = { id: "user-grace", name: "Grace Hopper", email: "grace@example.edu" };
const alan = { id: "user-alan", name: "Alan Turing", email: "alan@example.edu" };

beforeAll(async () => {
  platform = await startLtiPlatform({ now: () => clock });
  tool = await startFakeTool();
  info = platform.register({
    name: "Fake tool",
    toolJwksUrl: tool.jwksUrl,
    toolLoginUrl: tool.loginUrl,
    toolLaunchUrl: tool.launchUrl,
    deepLinkUrl: tool.deepLinkUrl,
    customParameters: { who: "$User.id", course: "$Context.title", unknown: "$Canvas.user.id" },
  });
  tool.trust({ issuer: info.issuer, authUrl: info.authUrl, jwksUrl: info.jwksUrl, clientId: info.clientId });
});

afterAll(async () => {
  await platform?.close();
  await tool?.close();
});

/** Third-party initiated login → authentication request → form post, with plain fetch. */
async function launch(
  request: Omit<LaunchRequest, "clientId">,
): Promise<{ claims: JWTPayload; idToken: string }> {
  const initiation = platform.loginInitiation({ clientId: info.clientId, ...request });
  const login = await fetch(initiation.url, { redirect: "manual" });
  expect(login.status).toBe(302);
  const auth = await fetch(login.headers.get("location") as string);
  expect(auth.status).toBe(200);
  const { action, fields } = readAutoSubmitForm(await auth.text());
  expect(fields.error).toBeUndefined();
  const launched = await fetch(action, { method: "POST", headers: FORM, body: new URLSearchParams(fields) });
  expect(launched.status).toBe(200);
  return { claims: tool.launches.at(-1) as JWTPayload, idToken: fields.id_token as string };
}

/** An authentication request as the tool would send it, with parts overridden. */
async function authenticate(overrides: Record<string, string | undefined> = {}) {
  const initiation = platform.loginInitiation({
    clientId: info.clientId,
    user: ada,
    roles: ["Learner"],
    context: course,
    resourceLink: { id: "rl-auth" },
  });
  const params: Record<string, string | undefined> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: info.clientId,
    redirect_uri: tool.launchUrl,
    login_hint: initiation.params.login_hint,
    lti_message_hint: initiation.params.lti_message_hint,
    state: "state-1",
    nonce: randomBytes(8).toString("hex"),
    ...overrides,
  };
  const url = new URL(info.authUrl);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  const res = await fetch(url);
  return { status: res.status, html: await res.text() };
}

async function token(scopes: string[], assertion?: string) {
  const res = await fetch(info.tokenUrl, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion ?? (await tool.clientAssertion(info.clientId, info.tokenUrl)),
      scope: scopes.join(" "),
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function accessToken(scopes: string[]) {
  const { status, body } = await token(scopes);
  expect(status).toBe(200);
  return body.access_token as string;
}

describe("platform configuration and keys", () => {
  it("publishes the OpenID configuration Dynamic Registration reads", async () => {
    const res = await fetch(`${platform.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const config = (await res.json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      issuer: platform.issuer,
      authorization_endpoint: info.authUrl,
      token_endpoint: info.tokenUrl,
      jwks_uri: info.jwksUrl,
      registration_endpoint: platform.urls.registration,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["RS256"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["id_token"],
    });
    expect(config.scopes_supported).toEqual(expect.arrayContaining(["openid", ...Object.values(SCOPE)]));
    const lti = config[CLAIM.platformConfiguration] as Record<string, unknown>;
    expect(lti.product_family_code).toEqual(expect.any(String));
    expect(lti.version).toEqual(expect.any(String));
    expect((lti.messages_supported as Array<{ type: string }>).map((m) => m.type)).toEqual([
      "LtiResourceLinkRequest",
      "LtiDeepLinkingRequest",
    ]);
    expect(lti.variables).toEqual(expect.arrayContaining(["User.id", "Context.id", "ResourceLink.id"]));
  });

  it("serves its RS256 public keys and rotates to a new kid, keeping or retiring the old one", async () => {
    const jwks = async () =>
      ((await (await fetch(info.jwksUrl)).json()) as { keys: Array<Record<string, string>> }).keys;
    const before = platform.kid;
    const fetches = platform.jwksFetches;
    expect(await jwks()).toEqual([
      expect.objectContaining({ kty: "RSA", alg: "RS256", use: "sig", kid: before }),
    ]);
    expect((await jwks())[0]).not.toHaveProperty("d");
    expect(platform.jwksFetches).toBe(fetches + 2);

    const next = await platform.rotateKey();
    expect(next).not.toBe(before);
    expect((await jwks()).map((k) => k.kid)).toEqual([before, next]);

    const { idToken } = await launch({
      user: ada,
      roles: ["Learner"],
      context: course,
      resourceLink: { id: "rl-1" },
    });
    expect(decodeProtectedHeader(idToken).kid).toBe(next);

    const last = await platform.rotateKey({ retirePrevious: true });
    expect((await jwks()).map((k) => k.kid)).toEqual([last]);
  });

  it("signs arbitrary claims with its current key, under another kid when asked", async () => {
    const keys = createRemoteJWKSet(new URL(info.jwksUrl));
    const signed = await platform.sign({ iss: platform.issuer, aud: info.clientId, sub: "forged" });
    const { payload, protectedHeader } = await jwtVerify(signed, keys);
    expect(payload.sub).toBe("forged");
    expect(protectedHeader.kid).toBe(platform.kid);
    const unknownKid = await platform.sign({ sub: "x" }, { kid: "no-such-kid" });
    await expect(jwtVerify(unknownKid, keys)).rejects.toThrow();
  });
});

describe("dynamic registration", () => {
  it("registers a tool from the initiation URL and answers with client_id and deployment_id", async () => {
    const { url, registrationToken } = platform.dynamicRegistration(tool.registerUrl);
    const initiation = new URL(url);
    expect(initiation.origin + initiation.pathname).toBe(tool.registerUrl);
    expect(initiation.searchParams.get("openid_configuration")).toBe(platform.urls.openidConfiguration);
    expect(initiation.searchParams.get("registration_token")).toBe(registrationToken);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    const answer = tool.registrations.at(-1) as Record<string, unknown>;
    expect(answer.client_id).toEqual(expect.any(String));
    const config = answer[CLAIM.toolConfiguration] as Record<string, unknown>;
    expect(config.deployment_id).toEqual(expect.any(String));
    expect(answer.scope).toBe([SCOPE.lineItem, SCOPE.score, SCOPE.membershipReadonly].join(" "));

    const stored = platform.registrations.find((r) => r.clientId === answer.client_id);
    expect(stored).toMatchObject({
      via: "dynamic",
      deploymentId: config.deployment_id,
      toolLoginUrl: tool.loginUrl,
      toolLaunchUrl: tool.launchUrl,
      deepLinkUrl: tool.deepLinkUrl,
      toolJwksUrl: tool.jwksUrl,
      customParameters: { user: "$User.id" },
    });

    // The registration token is one-time.
    const again = await fetch(url);
    expect(((await again.json()) as { status: number }).status).toBe(401);
  });

  it("refuses a registration without a valid token, or with metadata a platform cannot accept", async () => {
    const post = (body: unknown, auth?: string) =>
      fetch(platform.urls.registration, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
        body: JSON.stringify(body),
      });
    const good = tool.registrationRequest({});
    const noToken = await post(good);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await post(good, "made-up")).status).toBe(401);

    const fresh = () => platform.dynamicRegistration(tool.registerUrl).registrationToken;
    const badGrant = await post({ ...good, grant_types: ["implicit"] }, fresh());
    expect(badGrant.status).toBe(400);
    expect(await badGrant.json()).toMatchObject({ error: "invalid_client_metadata" });

    const badRedirect = await post({ ...good, redirect_uris: ["https://elsewhere.example/launch"] }, fresh());
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.json()).toMatchObject({ error: "invalid_redirect_uri" });

    const wrongType = await fetch(platform.urls.registration, {
      method: "POST",
      headers: { "Content-Type": "text/plain", Authorization: `Bearer ${fresh()}` },
      body: JSON.stringify(good),
    });
    expect(wrongType.status).toBe(415);
  });
});

describe("launches", () => {
  it("sends a resource link launch with every LTI claim, signed by the platform", async () => {
    const { claims, idToken } = await launch({
      user: ada,
      roles: ["Instructor"],
      context: course,
      resourceLink: { id: "rl-week-1", title: "Week 1", lineItem: { scoreMaximum: 10, label: "Week 1" } },
      custom: { section: "A" },
    });
    const verified = await jwtVerify(idToken, createRemoteJWKSet(new URL(info.jwksUrl)), {
      issuer: platform.issuer,
      audience: info.clientId,
    });
    expect(verified.protectedHeader.alg).toBe("RS256");
    expect(claims).toMatchObject({
      iss: platform.issuer,
      aud: info.clientId,
      azp: info.clientId,
      sub: ada.id,
      name: ada.name,
      email: ada.email,
      [CLAIM.messageType]: "LtiResourceLinkRequest",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: info.deploymentId,
      [CLAIM.targetLinkUri]: tool.launchUrl,
      [CLAIM.roles]: [ROLE.Instructor],
      [CLAIM.context]: { ...course, type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"] },
      [CLAIM.resourceLink]: { id: "rl-week-1", title: "Week 1" },
      [CLAIM.custom]: { who: ada.id, course: course.title, unknown: "$Canvas.user.id", section: "A" },
      [CLAIM.launchPresentation]: { document_target: "iframe" },
      [CLAIM.nrps]: {
        context_memberships_url: platform.membershipsUrl(course.id),
        service_versions: ["2.0"],
      },
    });
    expect(claims.nonce).toEqual(expect.any(String));
    expect((claims.exp as number) - (claims.iat as number)).toBeGreaterThan(0);
    const ags = claims[CLAIM.ags] as Record<string, unknown>;
    expect(ags.scope).toEqual([SCOPE.lineItem, SCOPE.lineItemReadonly, SCOPE.score, SCOPE.resultReadonly]);
    expect(ags.lineitems).toBe(platform.lineItemsUrl(course.id));
    const lineItem = platform.lineItems(course.id).find((i) => i.resourceLinkId === "rl-week-1");
    expect(ags.lineitem).toBe(lineItem?.id);
    expect(lineItem).toMatchObject({ scoreMaximum: 10, label: "Week 1" });
  });

  it("names a teaching assistant by the Instructor sub-role and enrols everyone it launches", async () => {
    const { claims } = await launch({
      user: grace,
      roles: ["TeachingAssistant"],
      context: course,
      resourceLink: { id: "rl-1" },
    });
    expect(claims[CLAIM.roles]).toEqual([
      "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
    ]);
    expect(platform.members(course.id).map((m) => m.user.id)).toEqual(
      expect.arrayContaining([ada.id, grace.id]),
    );
  });

  it("starts login with every initiation parameter, and lti_storage_target when asked", () => {
    const plain = platform.loginInitiation({
      user: alan,
      roles: ["Learner"],
      context: course,
      resourceLink: { id: "x" },
      clientId: info.clientId,
    });
    expect(Object.keys(plain.params).sort()).toEqual(
      ["client_id", "iss", "login_hint", "lti_deployment_id", "lti_message_hint", "target_link_uri"].sort(),
    );
    expect(plain.params).toMatchObject({
      iss: platform.issuer,
      client_id: info.clientId,
      lti_deployment_id: info.deploymentId,
      target_link_uri: tool.launchUrl,
    });
    expect(new URL(plain.url).searchParams.get("login_hint")).toBe(plain.params.login_hint);
    const stored = platform.loginInitiation({
      clientId: info.clientId,
      user: alan,
      roles: ["Learner"],
      context: course,
      resourceLink: { id: "x" },
      storageTarget: "_parent",
    });
    expect(stored.params.lti_storage_target).toBe("_parent");
  });

  it("serves a launch page that frames the tool and posts the login into the frame, without inline script", async () => {
    const url = platform.launchUrl({
      clientId: info.clientId,
      user: alan,
      roles: ["Learner"],
      context: course,
      resourceLink: { id: "rl-1" },
      storageTarget: "post_message_forwarding",
    });
    expect(url.startsWith(`${platform.issuer}/launch/`)).toBe(true);
    const res = await fetch(url);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toMatch(/<form id="lti-login" method="post" action="[^"]+\/login" target="lti-tool">/);
    expect(html).toContain('<iframe name="lti-tool"');
    expect(html).toContain('<iframe name="post_message_forwarding"');
    expect(html).toContain('name="lti_storage_target" value="post_message_forwarding"');
    expect(html).not.toMatch(/<script>(?!<)/);
    for (const asset of ["launch.js", "lti-storage.js", "form-post.js"]) {
      const script = await fetch(`${platform.issuer}/assets/${asset}`);
      expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    }
    const storage = await (await fetch(`${platform.issuer}/assets/lti-storage.js`)).text();
    for (const subject of ["lti.capabilities", "lti.put_data", "lti.get_data"])
      expect(storage).toContain(subject);
  });

  it("refuses authentication requests that break OIDC or do not match the login it started", async () => {
    expect((await authenticate({ client_id: "stranger" })).status).toBe(400);
    expect((await authenticate({ redirect_uri: "https://evil.example/launch" })).status).toBe(400);
    const errorOf = async (overrides: Record<string, string | undefined>) => {
      const { status, html } = await authenticate(overrides);
      expect(status).toBe(200);
      const { action, fields } = readAutoSubmitForm(html);
      expect(action).toBe(tool.launchUrl);
      expect(fields.id_token).toBeUndefined();
      expect(fields.state).toBe("state-1");
      return fields.error;
    };
    expect(await errorOf({ response_type: "code" })).toBe("unsupported_response_type");
    expect(await errorOf({ scope: "profile" })).toBe("invalid_scope");
    expect(await errorOf({ response_mode: "query" })).toBe("invalid_request");
    expect(await errorOf({ prompt: undefined })).toBe("invalid_request");
    expect(await errorOf({ nonce: undefined })).toBe("invalid_request");
    expect(await errorOf({ lti_message_hint: "forged" })).toBe("invalid_request");
    expect(await errorOf({ login_hint: "someone-else" })).toBe("login_required");

    const { html } = await authenticate({ nonce: "once" });
    expect(readAutoSubmitForm(html).fields.id_token).toEqual(expect.any(String));
    expect(await errorOf({ nonce: "once" })).toBe("invalid_request");
  });

  it("accepts the authentication request as a form POST too", async () => {
    const initiation = platform.loginInitiation({
      clientId: info.clientId,
      user: ada,
      roles: ["Learner"],
      context: course,
      resourceLink: { id: "rl-1" },
    });
    const res = await fetch(info.authUrl, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({
        scope: "openid",
        response_type: "id_token",
        response_mode: "form_post",
        prompt: "none",
        client_id: info.clientId,
        redirect_uri: tool.launchUrl,
        login_hint: initiation.params.login_hint as string,
        lti_message_hint: initiation.params.lti_message_hint as string,
        state: "s",
        nonce: randomBytes(8).toString("hex"),
      }),
    });
    expect(readAutoSubmitForm(await res.text()).fields.id_token).toEqual(expect.any(String));
  });
});

describe("deep linking", () => {
  async function deepLinkingLaunch(deepLinking: LaunchRequest["deepLinking"] = {}) {
    const { claims } = await launch({
      messageType: "LtiDeepLinkingRequest",
      user: ada,
      roles: ["Instructor"],
      context: course,
      deepLinking: { acceptTypes: ["ltiResourceLink"], acceptMultiple: true, ...deepLinking },
    });
    return claims[CLAIM.deepLinkingSettings] as Record<string, unknown>;
  }

  const response = (settings: Record<string, unknown>, overrides: JWTPayload = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: info.clientId,
      aud: platform.issuer,
      iat: now,
      exp: now + 300,
      nonce: randomBytes(8).toString("hex"),
      [CLAIM.messageType]: "LtiDeepLinkingResponse",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: info.deploymentId,
      [CLAIM.deepLinkingData]: settings.data,
      [CLAIM.contentItems]: [
        {
          type: "ltiResourceLink",
          title: "Two sums",
          url: `${tool.launchUrl}?problem=two-sums`,
          custom: { problem_id: "two-sums" },
          lineItem: { scoreMaximum: 100, label: "Two sums", resourceId: "two-sums", tag: "problem" },
        },
      ],
      [CLAIM.deepLinkingMsg]: "Added Two sums",
      ...overrides,
    };
  };

  const post = (jwt: string) =>
    fetch(platform.urls.deepLinkReturn, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ JWT: jwt }),
    });

  it("sends the deep linking settings and takes back content items, creating their line items", async () => {
    const settings = await deepLinkingLaunch();
    expect(tool.launches.at(-1)).toMatchObject({
      [CLAIM.messageType]: "LtiDeepLinkingRequest",
      [CLAIM.targetLinkUri]: tool.deepLinkUrl,
    });
    expect(tool.launches.at(-1)).not.toHaveProperty([CLAIM.resourceLink]);
    expect(settings).toMatchObject({
      deep_link_return_url: platform.urls.deepLinkReturn,
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: expect.arrayContaining(["iframe"]),
      data: expect.any(String),
    });

    const res = await post(await tool.sign(response(settings)));
    expect(res.status).toBe(200);
    const returned = platform.deepLinkReturns.at(-1);
    expect(returned?.contentItems).toHaveLength(1);
    const link = returned?.resourceLinks[0];
    expect(link).toMatchObject({
      title: "Two sums",
      custom: { problem_id: "two-sums" },
      contextId: course.id,
    });
    const lineItem = platform.lineItems(course.id).find((i) => i.id === link?.lineItemId);
    expect(lineItem).toMatchObject({
      scoreMaximum: 100,
      label: "Two sums",
      resourceId: "two-sums",
      tag: "problem",
    });
    expect(lineItem?.resourceLinkId).toBe(link?.id);

    // Launching the created link carries its URL, custom parameters and line item.
    const { claims } = await launch({
      user: alan,
      roles: ["Learner"],
      context: course,
      resourceLink: { id: link?.id as string },
    });
    expect(claims[CLAIM.targetLinkUri]).toBe(`${tool.launchUrl}?problem=two-sums`);
    expect(claims[CLAIM.custom]).toMatchObject({ problem_id: "two-sums" });
    expect(claims[CLAIM.ags]).toMatchObject({ lineitem: lineItem?.id });
  });

  it("holds the tool to the request's settings: one item, no line item, window only", async () => {
    const settings = await deepLinkingLaunch({
      acceptMultiple: false,
      acceptLineItem: false,
      acceptPresentationDocumentTargets: ["window"],
    });
    expect(settings).toMatchObject({
      accept_multiple: false,
      accept_lineitem: false,
      accept_presentation_document_targets: ["window"],
    });
    const link = { type: "ltiResourceLink", title: "One" };
    const refusal = async (items: unknown[]) => {
      const res = await post(await tool.sign(response(settings, { [CLAIM.contentItems]: items })));
      return { status: res.status, text: await res.text() };
    };
    expect(await refusal([link, link])).toMatchObject({
      status: 400,
      text: expect.stringContaining("one content item"),
    });
    expect(await refusal([{ ...link, lineItem: { scoreMaximum: 5 } }])).toMatchObject({
      status: 400,
      text: expect.stringContaining("line items"),
    });
    expect(await refusal([{ ...link, iframe: { width: 800, height: 600 } }])).toMatchObject({
      status: 400,
      text: expect.stringContaining("iframe"),
    });
    expect((await refusal([{ ...link, window: { targetName: "problem" } }])).status).toBe(200);
  });

  it("refuses responses that are not the tool's, not for this request, or not well formed", async () => {
    const settings = await deepLinkingLaunch();
    const refused = async (jwt: string) => {
      const res = await post(jwt);
      expect(res.status).toBe(400);
      return res.text();
    };
    expect(await refused(await tool.sign(response(settings), { key: "stranger" }))).toContain("refused");
    expect(await refused(await tool.sign(response(settings, { aud: "https://other.example" })))).toContain(
      "refused",
    );
    expect(await refused(await tool.sign(response(settings, { iss: "stranger" })))).toContain("client_id");
    expect(
      await refused(await tool.sign(response(settings, { exp: Math.floor(Date.now() / 1000) - 600 }))),
    ).toContain("refused");
    expect(
      await refused(await tool.sign(response(settings, { [CLAIM.messageType]: "LtiResourceLinkRequest" }))),
    ).toContain("message_type");
    expect(await refused(await tool.sign(response(settings, { [CLAIM.version]: "1.1" })))).toContain(
      "version",
    );
    expect(await refused(await tool.sign(response(settings, { [CLAIM.deploymentId]: "other" })))).toContain(
      "deployment_id",
    );
    expect(
      await refused(await tool.sign(response(settings, { [CLAIM.deepLinkingData]: "forged" }))),
    ).toContain("data");
    expect(
      await refused(
        await tool.sign(response(settings, { [CLAIM.contentItems]: [{ type: "html", html: "<p>x</p>" }] })),
      ),
    ).toContain("not accepted");
    expect(
      await refused(
        await tool.sign(
          response(settings, {
            [CLAIM.contentItems]: [{ type: "ltiResourceLink", lineItem: { scoreMaximum: -1 } }],
          }),
        ),
      ),
    ).toContain("scoreMaximum");
    expect((await post("not-a-jwt")).status).toBe(400);

    const once = await tool.sign(response(settings));
    expect((await post(once)).status).toBe(200);
    expect(await refused(once)).toContain("nonce");
  });
});

describe("token endpoint", () => {
  it("issues a bearer token for a valid client assertion and the scopes the tool holds", async () => {
    const before = platform.tokensIssued.length;
    const { status, body } = await token([SCOPE.score, SCOPE.lineItem]);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: expect.any(Number),
      scope: `${SCOPE.score} ${SCOPE.lineItem}`,
    });
    expect(platform.tokensIssued).toHaveLength(before + 1);
    expect(platform.tokensIssued.at(-1)).toMatchObject({
      clientId: info.clientId,
      scopes: [SCOPE.score, SCOPE.lineItem],
    });

    // The issuer is an accepted audience too.
    expect(
      (await token([SCOPE.score], await tool.clientAssertion(info.clientId, platform.issuer))).status,
    ).toBe(200);
  });

  it("refuses a bad grant, a bad assertion, a replayed jti and unknown scopes", async () => {
    const raw = async (fields: Record<string, string>, headers: Record<string, string> = FORM) => {
      const res = await fetch(info.tokenUrl, { method: "POST", headers, body: new URLSearchParams(fields) });
      return { status: res.status, error: ((await res.json()) as { error: string }).error };
    };
    const assertion = () => tool.clientAssertion(info.clientId, info.tokenUrl);
    const base = async () => ({
      grant_type: "client_credentials",
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await assertion(),
      scope: SCOPE.score,
    });
    expect(await raw({ ...(await base()), grant_type: "password" })).toEqual({
      status: 400,
      error: "unsupported_grant_type",
    });
    expect(await raw({ ...(await base()), client_assertion_type: "basic" })).toEqual({
      status: 400,
      error: "invalid_request",
    });
    expect(await raw(await base(), { "Content-Type": "application/json" })).toEqual({
      status: 400,
      error: "invalid_request",
    });

    const invalidClient = { status: 401, error: "invalid_client" };
    const claims = (overrides: JWTPayload) => tool.clientAssertion(info.clientId, info.tokenUrl, overrides);
    expect(await raw({ ...(await base()), client_assertion: "nope" })).toEqual(invalidClient);
    const strangerSigned = await tool.sign(
      {
        iss: info.clientId,
        sub: info.clientId,
        aud: info.tokenUrl,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 60,
        jti: "j1",
      },
      { key: "stranger" },
    );
    expect(await raw({ ...(await base()), client_assertion: strangerSigned })).toEqual(invalidClient);
    expect(
      await raw({
        ...(await base()),
        client_assertion: await claims({ aud: "https://other.example/token" }),
      }),
    ).toEqual(invalidClient);
    expect(await raw({ ...(await base()), client_assertion: await claims({ sub: "someone" }) })).toEqual(
      invalidClient,
    );
    expect(
      await raw({
        ...(await base()),
        client_assertion: await claims({ exp: Math.floor(Date.now() / 1000) - 60 }),
      }),
    ).toEqual(invalidClient);
    expect(await raw({ ...(await base()), client_assertion: await claims({ jti: undefined }) })).toEqual(
      invalidClient,
    );
    expect(
      await raw({ ...(await base()), client_assertion: await claims({ iss: "unknown", sub: "unknown" }) }),
    ).toEqual(invalidClient);

    const replayed = await assertion();
    expect((await raw({ ...(await base()), client_assertion: replayed })).status).toBe(200);
    expect(await raw({ ...(await base()), client_assertion: replayed })).toEqual(invalidClient);

    expect(
      await raw({ ...(await base()), scope: "https://purl.imsglobal.org/spec/lti-ags/scope/everything" }),
    ).toEqual({
      status: 400,
      error: "invalid_scope",
    });
    expect(await raw({ ...(await base()), scope: "" })).toEqual({ status: 400, error: "invalid_scope" });
  });

  it("follows a tool that rotates its key (new kid fetched from its JWKS)", async () => {
    await tool.rotateKey();
    expect((await token([SCOPE.score])).status).toBe(200);
  });

  it("can fail the next requests with 5xx or 429 and Retry-After", async () => {
    platform.failNext("token", { status: 503, times: 2, retryAfter: 1 });
    const first = await fetch(info.tokenUrl, { method: "POST", headers: FORM, body: "" });
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await token([SCOPE.score])).status).toBe(503);
    expect((await token([SCOPE.score])).status).toBe(200);
  });
});

describe("assignment and grade services", () => {
  const lineItemsUrl = () => platform.lineItemsUrl(course.id);

  it("lists and creates line items in the AGS media types", async () => {
    const bearer = await accessToken([SCOPE.lineItem]);
    const created = await fetch(lineItemsUrl(), {
      method: "POST",
      headers: { Authorization: `Bearer ${bearer}`, "Content-Type": MEDIA_TYPE.lineItem },
      body: JSON.stringify({ label: "Quiz 1", scoreMaximum: 20, resourceId: "quiz-1", tag: "quiz" }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe(MEDIA_TYPE.lineItem);
    const item = (await created.json()) as { id: string };
    expect(item).toMatchObject({ label: "Quiz 1", scoreMaximum: 20, resourceId: "quiz-1", tag: "quiz" });
    expect(created.headers.get("location")).toBe(item.id);

    const list = await fetch(`${lineItemsUrl()}?tag=quiz`, {
      headers: { Authorization: `Bearer ${bearer}`, Accept: MEDIA_TYPE.lineItemContainer },
    });
    expect(list.status).toBe(200);
    expect(list.headers.get("content-type")).toBe(MEDIA_TYPE.lineItemContainer);
    expect(await list.json()).toEqual([expect.objectContaining({ id: item.id, label: "Quiz 1" })]);

    const one = await fetch(item.id, {
      headers: { Authorization: `Bearer ${bearer}`, Accept: MEDIA_TYPE.lineItem },
    });
    expect(await one.json()).toMatchObject({ id: item.id });

    const paged = await fetch(`${lineItemsUrl()}?limit=1`, {
      headers: { Authorization: `Bearer ${bearer}` },
    });
    expect(await paged.json()).toHaveLength(1);
    expect(paged.headers.get("link")).toMatch(/<[^>]+page=1[^>]*>; rel="next"/);
  });

  it("refuses line item requests without a token, with the wrong scope, type or Accept", async () => {
    expect((await fetch(lineItemsUrl())).status).toBe(401);
    const scoreOnly = await accessToken([SCOPE.score]);
    const forbidden = await fetch(lineItemsUrl(), { headers: { Authorization: `Bearer ${scoreOnly}` } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    const readonly = await accessToken([SCOPE.lineItemReadonly]);
    const post = (bearer: string, type: string) =>
      fetch(lineItemsUrl(), {
        method: "POST",
        headers: { Authorization: `Bearer ${bearer}`, "Content-Type": type },
        body: JSON.stringify({ label: "x", scoreMaximum: 1 }),
      });
    expect((await post(readonly, MEDIA_TYPE.lineItem)).status).toBe(403);
    const full = await accessToken([SCOPE.lineItem]);
    expect((await post(full, "application/json")).status).toBe(415);
    const notAccepted = await fetch(lineItemsUrl(), {
      headers: { Authorization: `Bearer ${full}`, Accept: "text/html" },
    });
    expect(notAccepted.status).toBe(406);
    const invalid = await fetch(lineItemsUrl(), {
      method: "POST",
      headers: { Authorization: `Bearer ${full}`, "Content-Type": MEDIA_TYPE.lineItem },
      body: JSON.stringify({ label: "x", scoreMaximum: 0 }),
    });
    expect(invalid.status).toBe(400);
  });

  it("refuses an expired access token", async () => {
    const bearer = await accessToken([SCOPE.lineItem]);
    const start = clock;
    clock += 2 * 3600_000;
    try {
      const res = await fetch(lineItemsUrl(), { headers: { Authorization: `Bearer ${bearer}` } });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    } finally {
      clock = start;
    }
  });

  it("records scores, refuses stale or malformed ones, and reports results", async () => {
    const lineItem = platform.createLineItem(course.id, info.clientId, { label: "Lab", scoreMaximum: 10 });
    const bearer = await accessToken([SCOPE.score, SCOPE.resultReadonly]);
    const send = (body: Record<string, unknown>, type: string = MEDIA_TYPE.score) =>
      fetch(`${lineItem.id}/scores`, {
        method: "POST",
        headers: { Authorization: `Bearer ${bearer}`, "Content-Type": type },
        body: JSON.stringify(body),
      });
    const score = {
      userId: ada.id,
      scoreGiven: 7,
      scoreMaximum: 10,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
      timestamp: "2026-12-05T08:00:00.123Z",
    };
    expect((await send(score)).status).toBe(204);
    expect(platform.scores.at(-1)).toMatchObject({
      ...score,
      lineItemId: lineItem.id,
      clientId: info.clientId,
    });

    expect((await send({ ...score, scoreGiven: 9, timestamp: "2026-12-05T07:59:00.000Z" })).status).toBe(409);
    expect((await send({ ...score, timestamp: "2026-12-05T08:00:00.123Z" })).status).toBe(409);
    expect((await send(score, "application/json")).status).toBe(415);
    expect(
      (await send({ ...score, scoreMaximum: undefined, timestamp: "2026-12-05T09:00:00Z" })).status,
    ).toBe(400);
    expect(
      (await send({ ...score, activityProgress: "Done", timestamp: "2026-12-05T09:00:00Z" })).status,
    ).toBe(400);
    expect((await send({ ...score, timestamp: "yesterday" })).status).toBe(400);
    expect((await send({ ...score, userId: "nobody", timestamp: "2026-12-05T09:00:00Z" })).status).toBe(400);
    expect((await send({ ...score, scoreGiven: 8, timestamp: "2026-12-05T09:00:00.000+01:00" })).status).toBe(
      409,
    );
    expect((await send({ ...score, scoreGiven: 8, timestamp: "2026-12-05T09:00:00.000Z" })).status).toBe(204);

    const lineItemsOnly = await accessToken([SCOPE.lineItem]);
    const forbidden = await fetch(`${lineItem.id}/scores`, {
      method: "POST",
      headers: { Authorization: `Bearer ${lineItemsOnly}`, "Content-Type": MEDIA_TYPE.score },
      body: JSON.stringify(score),
    });
    expect(forbidden.status).toBe(403);

    const results = await fetch(`${lineItem.id}/results`, {
      headers: { Authorization: `Bearer ${bearer}`, Accept: MEDIA_TYPE.resultContainer },
    });
    expect(results.headers.get("content-type")).toBe(MEDIA_TYPE.resultContainer);
    expect(await results.json()).toEqual([
      {
        id: `${lineItem.id}/results/${ada.id}`,
        scoreOf: lineItem.id,
        userId: ada.id,
        resultScore: 8,
        resultMaximum: 10,
      },
    ]);
  });

  it("can make score posts fail N times with 5xx or 429", async () => {
    const lineItem = platform.createLineItem(course.id, info.clientId, { label: "Retry", scoreMaximum: 1 });
    const bearer = await accessToken([SCOPE.score]);
    const send = () =>
      fetch(`${lineItem.id}/scores`, {
        method: "POST",
        headers: { Authorization: `Bearer ${bearer}`, "Content-Type": MEDIA_TYPE.score },
        body: JSON.stringify({
          userId: ada.id,
          activityProgress: "Submitted",
          gradingProgress: "Pending",
          timestamp: new Date().toISOString(),
        }),
      });
    platform.failNext("scores", { status: 429, times: 1, retryAfter: 2 });
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    platform.failNext("scores", { status: 500, times: 1 });
    expect((await send()).status).toBe(500);
    expect((await send()).status).toBe(204);
    expect(
      platform.requests
        .filter((r) => r.path === new URL(`${lineItem.id}/scores`).pathname)
        .map((r) => r.status),
    ).toEqual([429, 500, 204]);
  });
});

describe("names and role provisioning", () => {
  it("lists the context's members in the NRPS media type, paged with Link rel=next", async () => {
    platform.enroll(course, alan, ["Learner"], "Inactive");
    const bearer = await accessToken([SCOPE.membershipReadonly]);
    const get = (url: string) =>
      fetch(url, { headers: { Authorization: `Bearer ${bearer}`, Accept: MEDIA_TYPE.membershipContainer } });
    const all = await get(platform.membershipsUrl(course.id));
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toBe(MEDIA_TYPE.membershipContainer);
    const body = (await all.json()) as {
      id: string;
      context: unknown;
      members: Array<Record<string, unknown>>;
    };
    expect(body.context).toEqual(course);
    expect(body.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: ada.id, name: ada.name, email: ada.email, status: "Active" }),
        expect.objectContaining({ user_id: grace.id, roles: [ROLE.TeachingAssistant] }),
        expect.objectContaining({ user_id: alan.id, roles: [ROLE.Learner], status: "Inactive" }),
      ]),
    );

    const seen: string[] = [];
    let next: string | undefined = `${platform.membershipsUrl(course.id)}?limit=2`;
    while (next) {
      const res = await get(next);
      const pageBody = (await res.json()) as { members: Array<{ user_id: string }> };
      expect(pageBody.members.length).toBeLessThanOrEqual(2);
      seen.push(...pageBody.members.map((m) => m.user_id));
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    }
    expect(seen.sort()).toEqual(body.members.map((m) => m.user_id as string).sort());

    const learners = (await (
      await get(`${platform.membershipsUrl(course.id)}?role=Learner`)
    ).json()) as typeof body;
    expect(learners.members.every((m) => (m.roles as string[]).includes(ROLE.Learner))).toBe(true);
  });

  it("refuses a missing token, a token without the membership scope, and a foreign Accept", async () => {
    const url = platform.membershipsUrl(course.id);
    expect((await fetch(url)).status).toBe(401);
    const scoreOnly = await accessToken([SCOPE.score]);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${scoreOnly}` } })).status).toBe(403);
    const bearer = await accessToken([SCOPE.membershipReadonly]);
    expect(
      (await fetch(url, { headers: { Authorization: `Bearer ${bearer}`, Accept: "application/xml" } }))
        .status,
    ).toBe(406);
    expect(
      (
        await fetch(platform.membershipsUrl("no-such-course"), {
          headers: { Authorization: `Bearer ${bearer}` },
        })
      ).status,
    ).toBe(404);
  });

  it("answers a tool that is not placed in the context as if the context did not exist", async () => {
    const other = platform.register({
      clientId: "other-tool",
      toolJwksUrl: tool.jwksUrl,
      toolLoginUrl: tool.loginUrl,
      toolLaunchUrl: tool.launchUrl,
    });
    const { status, body } = await token(
      [SCOPE.membershipReadonly, SCOPE.lineItem],
      await tool.clientAssertion(other.clientId, other.tokenUrl),
    );
    expect(status).toBe(200);
    const headers = { Authorization: `Bearer ${body.access_token as string}` };
    expect((await fetch(platform.membershipsUrl(course.id), { headers })).status).toBe(404);
    expect((await fetch(platform.lineItemsUrl(course.id), { headers })).status).toBe(404);
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const describeBrowser = existsSync(CHROMIUM) || process.env.CI === "true" ? describe : describe.skip;

describeBrowser("in Chromium, on a platform that is another site than the tool", () => {
  let browser: Browser;
  let site: LtiPlatform;
  let framed: FakeTool;
  let registration: RegistrationInfo;
  const problems: string[] = [];

  beforeAll(async () => {
    // localhost and 127.0.0.1 are different sites, as an LMS and a tool are.
    site = await startLtiPlatform({ hostname: "localhost" });
    framed = await startFakeTool();
    registration = site.register({
      toolJwksUrl: framed.jwksUrl,
      toolLoginUrl: framed.loginUrl,
      toolLaunchUrl: framed.launchUrl,
      deepLinkUrl: framed.deepLinkUrl,
    });
    framed.trust({
      issuer: site.issuer,
      authUrl: registration.authUrl,
      jwksUrl: registration.jwksUrl,
      clientId: registration.clientId,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await framed?.close();
  });

  async function open(url: string) {
    const page = await browser.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(url);
    return page;
  }

  it("frames the tool, runs the login in the frame and answers storage postMessages", async () => {
    const page = await open(
      site.launchUrl({
        clientId: registration.clientId,
        user: ada,
        roles: ["Learner"],
        context: course,
        resourceLink: { id: "rl-browser" },
        storageTarget: "post_message_forwarding",
        loginMethod: "GET",
      }),
    );
    await expect.poll(() => framed.launches.length, { timeout: 15_000 }).toBe(1);
    expect(framed.launches[0]).toMatchObject({ sub: ada.id, [CLAIM.resourceLink]: { id: "rl-browser" } });
    const frame = page.frame({ name: "lti-tool" });
    await frame?.waitForSelector("#launched");
    expect(new URL(frame?.url() ?? "").origin).toBe(framed.origin);

    const answers = await frame?.evaluate(async (platformOrigin) => {
      const ask = (message: { subject: string; message_id: string; [k: string]: unknown }, target: Window) =>
        new Promise<{ origin: string; data: Record<string, unknown> }>((resolve) => {
          const listener = (event: MessageEvent) => {
            if (event.data?.message_id !== message.message_id) return;
            window.removeEventListener("message", listener);
            resolve({ origin: event.origin, data: event.data });
          };
          window.addEventListener("message", listener);
          target.postMessage(message, platformOrigin);
        });
      const capabilities = await ask({ subject: "lti.capabilities", message_id: "m1" }, window.parent);
      const storage = window.parent.frames["post_message_forwarding" as unknown as number] as Window;
      const put = await ask(
        { subject: "lti.put_data", message_id: "m2", key: "state-1", value: "nonce-1" },
        storage,
      );
      const got = await ask({ subject: "lti.get_data", message_id: "m3", key: "state-1" }, storage);
      const unknown = await ask({ subject: "lti.frobnicate", message_id: "m4" }, window.parent);
      return { capabilities, put, got, unknown };
    }, site.issuer);

    expect(answers?.capabilities.origin).toBe(site.issuer);
    expect(answers?.capabilities.data).toEqual({
      subject: "lti.capabilities.response",
      message_id: "m1",
      supported_messages: [
        { subject: "lti.capabilities" },
        { subject: "lti.put_data", frame: "post_message_forwarding" },
        { subject: "lti.get_data", frame: "post_message_forwarding" },
      ],
    });
    expect(answers?.put.data).toEqual({
      subject: "lti.put_data.response",
      message_id: "m2",
      key: "state-1",
      value: "nonce-1",
    });
    expect(answers?.got.data).toEqual({
      subject: "lti.get_data.response",
      message_id: "m3",
      key: "state-1",
      value: "nonce-1",
    });
    expect(answers?.unknown.data).toMatchObject({
      subject: "lti.frobnicate.response",
      message_id: "m4",
      error: { code: "unsupported_subject" },
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("posts the login by default and keeps storage in the launch page itself for _parent", async () => {
    const before = framed.launches.length;
    const page = await open(
      site.launchUrl({
        clientId: registration.clientId,
        user: grace,
        roles: ["TeachingAssistant"],
        context: course,
        resourceLink: { id: "rl-browser-2" },
        storageTarget: "_parent",
      }),
    );
    await expect.poll(() => framed.launches.length, { timeout: 15_000 }).toBe(before + 1);
    const frame = page.frame({ name: "lti-tool" });
    await frame?.waitForSelector("#launched");
    const answers = await frame?.evaluate(async (platformOrigin) => {
      const ask = (message: { subject: string; message_id: string; [k: string]: unknown }) =>
        new Promise<Record<string, unknown>>((resolve) => {
          const listener = (event: MessageEvent) => {
            if (event.data?.message_id !== message.message_id) return;
            window.removeEventListener("message", listener);
            resolve(event.data);
          };
          window.addEventListener("message", listener);
          window.parent.postMessage(message, platformOrigin);
        });
      return {
        capabilities: await ask({ subject: "lti.capabilities", message_id: "c" }),
        put: await ask({ subject: "lti.put_data", message_id: "p", key: "k", value: "v" }),
        got: await ask({ subject: "lti.get_data", message_id: "g", key: "k" }),
        missingKey: await ask({ subject: "lti.get_data", message_id: "e" }),
      };
    }, site.issuer);
    expect(answers?.capabilities.supported_messages).toEqual([
      { subject: "lti.capabilities" },
      { subject: "lti.put_data" },
      { subject: "lti.get_data" },
    ]);
    expect(answers?.got).toMatchObject({ key: "k", value: "v" });
    expect(answers?.missingKey).toMatchObject({ error: { code: "bad_request" } });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("frames a tool's dynamic registration and notices its org.imsglobal.lti.close message", async () => {
    const { pageUrl } = site.dynamicRegistration(framed.registerUrl);
    const before = framed.registrations.length;
    const page = await open(pageUrl);
    await expect.poll(() => framed.registrations.length, { timeout: 15_000 }).toBe(before + 1);
    const frame = page.frame({ name: "lti-registration" });
    await frame?.waitForLoadState();
    await frame?.evaluate(() => window.parent.postMessage({ subject: "org.imsglobal.lti.close" }, "*"));
    await expect.poll(() => site.registrationsClosed, { timeout: 15_000 }).toBe(1);
    await page.waitForSelector("text=Registration closed");
    expect(problems).toEqual([]);
    await page.close();
  });
});
