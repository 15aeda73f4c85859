import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { insertCourseProblem, insertPublicProblem } from "./support/courses.js";
import { databases } from "./support/databases.js";
import { signup } from "./support/embeds.js";
import { harvestSecrets } from "./support/leaks.js";
import { LTI, type LtiSigner, ROLE, startLtiSigner } from "./support/lti-signer.js";

const LAUNCH_URL = `${PUBLIC_URL}/lti/launch`;

interface Registered {
  id: string;
  clientId: string;
  ownerId: string;
  issuer: string;
}

interface Login {
  state: string;
  nonce: string;
  /** `name=value` of the partitioned state cookie. */
  cookie: string;
  location: URL;
  setCookie: string;
}

describe.each(databases)("LTI 1.3 login and launch on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let platform: LtiSigner;
  let other: LtiSigner;
  let reg: Registered;
  let otherReg: Registered;
  let context = 0;

  async function register(signer: LtiSigner): Promise<Registered> {
    const owner = await signup(api, "learner");
    const clientId = `client-${randomUUID()}`;
    const res = await api.call("POST", "/api/v1/lti/registrations", {
      token: owner.token,
      body: {
        issuer: signer.issuer,
        clientId,
        deploymentIds: ["deployment-1"],
        authLoginUrl: signer.authUrl,
        authTokenUrl: signer.tokenUrl,
        keysetUrl: signer.jwksUrl,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id, clientId, ownerId: owner.userId, issuer: signer.issuer };
  }

  const raw = async (
    method: string,
    path: string,
    init: { form?: Record<string, string>; cookie?: string } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (init.form) headers["Content-Type"] = "application/x-www-form-urlencoded";
    if (init.cookie) headers.Cookie = init.cookie;
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers,
      redirect: "manual",
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  async function login(r: Registered, extra: Record<string, string> = {}): Promise<Login> {
    const query = new URLSearchParams({
      iss: r.issuer,
      login_hint: "user-hint",
      target_link_uri: LAUNCH_URL,
      client_id: r.clientId,
      lti_deployment_id: "deployment-1",
      lti_message_hint: "message-hint",
      ...extra,
    });
    const res = await raw("GET", `/lti/login?${query}`);
    expect(res.status, res.text).toBe(302);
    const location = new URL(res.headers.get("Location") ?? "");
    const state = location.searchParams.get("state") ?? "";
    const nonce = location.searchParams.get("nonce") ?? "";
    harvestSecrets({ token: state });
    harvestSecrets({ token: nonce });
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    return { state, nonce, cookie: setCookie.split(";")[0] ?? "", location, setCookie };
  }

  const nowS = () => Math.floor(api.clock.now() / 1000);

  function claims(r: Registered, nonce: string, overrides: Record<string, unknown> = {}) {
    return {
      iss: r.issuer,
      aud: r.clientId,
      sub: "lms-user-1",
      name: "Ada Lovelace",
      iat: nowS(),
      exp: nowS() + 300,
      nonce,
      [`${LTI}message_type`]: "LtiResourceLinkRequest",
      [`${LTI}version`]: "1.3.0",
      [`${LTI}deployment_id`]: "deployment-1",
      [`${LTI}target_link_uri`]: LAUNCH_URL,
      [`${LTI}resource_link`]: { id: "link-1", title: "Week 1" },
      [`${LTI}context`]: { id: `context-${++context}`, title: "Algorithms" },
      [`${LTI}roles`]: [ROLE.learner],
      ...overrides,
    };
  }

  const launch = (idToken: string, l: Pick<Login, "state" | "cookie">, extra: Record<string, string> = {}) =>
    raw("POST", "/lti/launch", { form: { id_token: idToken, state: l.state, ...extra }, cookie: l.cookie });

  async function lastRefusal(action = "lti.launch_refused") {
    const row = await api.db("audit_log").where({ action }).orderBy("id", "desc").first();
    return { ...row, details: JSON.parse(row.details) };
  }

  /** A refusal: its status, an HTML page saying so, no secret in it, and an audit entry naming the reason. */
  async function expectRefused(
    res: { status: number; text: string; headers: Headers },
    status: number,
    reason: string,
    secrets: string[] = [],
  ) {
    expect(res.status, res.text).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.text).toContain("Codeground could not start");
    expect(res.text).toContain(reason);
    for (const s of secrets) expect(res.text).not.toContain(s);
    const audit = await lastRefusal();
    expect(audit.details).toMatchObject({ reason, status });
  }

  beforeAll(async () => {
    platform = await startLtiSigner();
    other = await startLtiSigner();
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex, { allowPrivateProviderUrls: [platform.origin, other.origin] });
    reg = await register(platform);
    otherReg = await register(other);
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
    await platform?.close();
    await other?.close();
  });

  it("publishes the tool's current public key, and after a rotation the previous one too", async () => {
    const first = await raw("GET", "/lti/jwks");
    expect(first.status).toBe(200);
    const { keys } = JSON.parse(first.text);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: "RSA",
      n: expect.any(String),
      e: "AQAB",
      kid: expect.any(String),
      alg: "RS256",
      use: "sig",
    });
    // RSA-2048: a 256-byte modulus.
    expect(Buffer.from(keys[0].n, "base64url")).toHaveLength(256);
    const rotated = await api.app.lti.toolKeys.rotate();
    expect(rotated.previousKid).toBe(keys[0].kid);
    const after = JSON.parse((await raw("GET", "/lti/jwks")).text).keys;
    expect(after.map((k: { kid: string }) => k.kid)).toEqual([rotated.kid, keys[0].kid]);
    for (const key of after)
      for (const part of ["d", "p", "q", "dp", "dq", "qi"]) expect(key).not.toHaveProperty(part);
    const stored = await api.db("lti_tool_keys").select("private_key");
    for (const row of stored) expect(row.private_key).not.toMatch(/PRIVATE KEY|BEGIN/);
    // The private key itself: the suite's leak check looks for it in every log line and table.
    const { privateKey } = await api.app.lti.toolKeys.signingKey();
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const jwk = privateKey.export({ format: "jwk" });
    harvestSecrets({
      secret: [jwk.d, jwk.p, jwk.q, ...pem.split("\n").filter((line) => line.length === 64)],
    });
  });

  it("answers login with the OIDC authentication request to the platform and a partitioned state cookie", async () => {
    const l = await login(reg);
    expect(l.location.origin + l.location.pathname).toBe(platform.authUrl);
    expect(Object.fromEntries(l.location.searchParams)).toEqual({
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: reg.clientId,
      redirect_uri: LAUNCH_URL,
      login_hint: "user-hint",
      lti_message_hint: "message-hint",
      state: l.state,
      nonce: l.nonce,
    });
    expect(l.state).not.toBe(l.nonce);
    expect(l.setCookie).toMatch(/^cg_lti_[0-9a-f]{16}=/);
    for (const attribute of ["HttpOnly", "Secure", "SameSite=None", "Partitioned", "Path=/lti/"]) {
      expect(l.setCookie).toContain(attribute);
    }
    // Form-posted logins too, and the state is stored only hashed.
    const posted = await raw("POST", "/lti/login", {
      form: { iss: reg.issuer, login_hint: "h", target_link_uri: LAUNCH_URL, client_id: reg.clientId },
    });
    expect(posted.status).toBe(302);
    const rows = JSON.stringify(await api.db("lti_login_states").select());
    expect(rows).not.toContain(l.state);
    expect(rows).not.toContain(l.nonce);
  });

  it("refuses a login from an unknown platform, for an unregistered deployment or to a foreign target", async () => {
    const base = { iss: reg.issuer, login_hint: "h", target_link_uri: LAUNCH_URL, client_id: reg.clientId };
    const cases: [Record<string, string>, number, string][] = [
      [{ ...base, iss: "https://unknown.example" }, 400, "login_unknown_platform"],
      [{ ...base, client_id: "someone-else" }, 400, "login_unknown_platform"],
      [{ ...base, lti_deployment_id: "never-registered" }, 403, "login_unknown_deployment"],
      [{ ...base, target_link_uri: "https://evil.example/steal" }, 400, "login_foreign_target"],
      [{ iss: reg.issuer }, 400, "login_bad_request"],
    ];
    for (const [params, status, reason] of cases) {
      const res = await raw("GET", `/lti/login?${new URLSearchParams(params)}`);
      expect(res.status, res.text).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("Set-Cookie")).toBeNull();
      expect((await lastRefusal("lti.login_refused")).details).toMatchObject({ reason, status });
    }
    // Without a client id, an issuer registered twice is ambiguous.
    await register(platform);
    const { client_id: _, ...noClient } = base;
    const ambiguous = await raw("GET", `/lti/login?${new URLSearchParams(noClient)}`);
    expect(ambiguous.status).toBe(400);
    expect((await lastRefusal("lti.login_refused")).details.reason).toBe("login_ambiguous_platform");
    // A form larger than a platform ever posts.
    const huge = await raw("POST", "/lti/login", {
      form: { ...base, lti_message_hint: "x".repeat(200_000) },
    });
    expect(huge.status).toBe(400);
    expect(huge.headers.get("content-type")).toMatch(/^text\/html/);
    expect((await lastRefusal("lti.login_refused")).details.reason).toBe("malformed_form");
    const hugeLaunch = await raw("POST", "/lti/launch", {
      form: { id_token: "x".repeat(200_000), state: "s" },
    });
    await expectRefused(hugeLaunch, 400, "malformed_form");
  });

  it("a learner's launch links the LMS context to a course of the registration's owner and starts a learner session", async () => {
    const l = await login(reg);
    const body = claims(reg, l.nonce);
    const res = await launch(await platform.sign(body), l);
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain("Launched in Codeground");
    expect(res.text).toContain("This launch linked your LMS course to a new Codeground course.");
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    expect(res.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    const courseId = /data-course="([^"]+)"/.exec(res.text)?.[1];
    const token = /data-learner-token="([^"]+)"/.exec(res.text)?.[1] ?? "";
    harvestSecrets({ token });
    expect(token).toMatch(/^cgl_/);
    const owner = await api.db("course_members").where({ course_id: courseId, role: "owner" }).first();
    expect(owner.user_id).toBe(reg.ownerId);
    expect((await api.db("courses").where({ id: courseId }).first()).name).toBe("Algorithms");
    const linked = await api.db("lti_contexts").where({ registration_id: reg.id }).first();
    expect(linked).toMatchObject({
      course_id: courseId,
      context_id: (body[`${LTI}context`] as { id: string }).id,
    });

    // The learner session works where learners work, from our own origin.
    const problems = await api.call("GET", "/api/v1/problems", { token, headers: { Origin: PUBLIC_URL } });
    expect(problems.status, JSON.stringify(problems.body)).toBe(200);
    const session = await api.db("embed_sessions").orderBy("created_at", "desc").first();
    expect(session.learner_ref).toMatch(/^lti:/);
    expect(session.display_name).toBe("Ada Lovelace");
    // The course met the learner: the gradebook lists them from here.
    const met = await api
      .db("course_learners")
      .where({ course_id: courseId, learner_ref: session.learner_ref });
    expect(met).toEqual([expect.objectContaining({ display_name: "Ada Lovelace" })]);

    // The same context again: the same course, not a new one.
    const again = await login(reg);
    const second = await launch(
      await platform.sign({ ...claims(reg, again.nonce), [`${LTI}context`]: body[`${LTI}context`] }),
      again,
    );
    expect(second.status).toBe(200);
    expect(second.text).toContain(`data-course="${courseId}"`);
    expect(second.text).toContain("opened the Codeground course linked to your LMS course");
    expect(await api.db("lti_users").where({ registration_id: reg.id, sub: "lms-user-1" })).toHaveLength(1);
    expect((await api.db("audit_log").where({ action: "lti.launched" })).length).toBeGreaterThanOrEqual(2);
  });

  it("gives the exercise the user's language as the LMS says it, and drops a malformed one", async () => {
    const at = new Date(api.clock.now()).toISOString();
    const slug = `lti-lang-${context}`;
    await insertPublicProblem(api.db, { slug, title: "Echo", at });
    for (const [extra, shown] of [
      [
        { [`${LTI}launch_presentation`]: { locale: "es_MX", document_target: "iframe" } },
        'data-lang="es-MX"',
      ],
      [{ locale: "pt-BR" }, 'data-lang="pt-BR"'],
      [{ [`${LTI}launch_presentation`]: { locale: 'fr"><script>alert(1)</script>' } }, null],
      [{ locale: "x".repeat(80) }, null],
    ] as const) {
      const l = await login(reg);
      const res = await launch(
        await platform.sign(
          claims(reg, l.nonce, { [`${LTI}custom`]: { codeground_problem: slug }, ...extra }),
        ),
        l,
      );
      expect(res.status, res.text).toBe(200);
      harvestSecrets({ token: /data-token="([^"]+)"/.exec(res.text)?.[1] });
      if (shown) expect(res.text).toContain(shown);
      else expect(res.text).not.toContain("data-lang=");
      expect(res.text).not.toContain("<script>alert");
    }
  });

  it("maps Instructor and TeachingAssistant to staff roles, with no learner session", async () => {
    for (const [role, shown] of [
      [ROLE.instructor, "instructor"],
      [ROLE.ta, "ta"],
      ["Instructor", "instructor"],
    ] as const) {
      const l = await login(reg);
      const res = await launch(await platform.sign(claims(reg, l.nonce, { [`${LTI}roles`]: [role] })), l);
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain(`data-role="${shown}"`);
      expect(res.text).not.toContain("data-learner-token");
    }
    const l = await login(reg);
    const admin = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator";
    await expectRefused(
      await launch(await platform.sign(claims(reg, l.nonce, { [`${LTI}roles`]: [admin] })), l),
      403,
      "role_not_mapped",
    );
  });

  it("shows a learner's linked problem full-frame, with the learner's session, in the widget's frame bundle", async () => {
    const at = new Date(api.clock.now()).toISOString();
    const slug = `lti-echo-${context}`;
    await insertPublicProblem(api.db, { slug, title: "Echo", at });
    const l = await login(reg);
    const res = await launch(
      await platform.sign(claims(reg, l.nonce, { [`${LTI}custom`]: { codeground_problem: slug } })),
      l,
    );
    expect(res.status, res.text).toBe(200);
    const token = /data-token="([^"]+)"/.exec(res.text)?.[1] ?? "";
    harvestSecrets({ token });
    expect(token).toMatch(/^cgl_/);
    expect(res.text).toMatch(
      /<div id="app" data-embed="pk_[^"]+" data-element="problem" data-problem="lti-echo-\d+"/,
    );
    // The LMS names no language here: the exercise follows the browser's.
    expect(res.text).not.toContain("data-lang=");
    const nonce = /<script type="module" nonce="([^"]+)" src="\/widget\/frame.js"><\/script>/.exec(
      res.text,
    )?.[1];
    expect(nonce).toBeTruthy();
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain(`script-src 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain(`frame-ancestors https: ${platform.origin}`);
    expect(res.headers.get("X-Frame-Options")).toBeNull();
    const problem = await api.call("GET", `/api/v1/problems/${slug}`, {
      token,
      headers: { Origin: PUBLIC_URL },
    });
    expect(problem.status, JSON.stringify(problem.body)).toBe(200);
    expect(problem.body.title).toBe("Echo");

    // When the launch names the LMS page (its return URL), only that site and the platform may frame it.
    const named = await login(reg);
    const framed = await launch(
      await platform.sign(
        claims(reg, named.nonce, {
          [`${LTI}custom`]: { codeground_problem: slug },
          [`${LTI}launch_presentation`]: { return_url: "https://school.example.edu/courses/7/modules" },
        }),
      ),
      named,
    );
    expect(framed.status).toBe(200);
    harvestSecrets({ token: /data-token="([^"]+)"/.exec(framed.text)?.[1] });
    const ancestors = (framed.headers.get("Content-Security-Policy") ?? "")
      .split(/;\s*/)
      .find((d) => d.startsWith("frame-ancestors"));
    expect(ancestors).toBe(`frame-ancestors https://school.example.edu ${platform.origin}`);
  });

  it("opens an assignment of the linked course on its first problem, and refuses problems outside it", async () => {
    // First launch links the context to a course; its staff then add a problem and an assignment.
    const contextClaim = { id: `context-assignment-${++context}`, title: "Graded" };
    const first = await login(reg);
    const linked = await launch(
      await platform.sign(
        claims(reg, first.nonce, { [`${LTI}context`]: contextClaim, [`${LTI}roles`]: [ROLE.instructor] }),
      ),
      first,
    );
    const courseId = /data-course="([^"]+)"/.exec(linked.text)?.[1] as string;
    const at = new Date(api.clock.now()).toISOString();
    const slug = `lti-graded-${context}`;
    await insertCourseProblem(api.db, { slug, authorId: reg.ownerId, courseId, at });
    const assignmentId = randomUUID();
    await api.db("assignments").insert({
      id: assignmentId,
      course_id: courseId,
      title: "Homework 1",
      problems: JSON.stringify([{ slug, points: 10 }]),
      position: 0,
      tutor: "hints",
      created_at: at,
      updated_at: at,
    });
    const l = await login(reg);
    const res = await launch(
      await platform.sign(
        claims(reg, l.nonce, {
          [`${LTI}context`]: contextClaim,
          [`${LTI}custom`]: { codeground_assignment: assignmentId },
        }),
      ),
      l,
    );
    expect(res.status, res.text).toBe(200);
    harvestSecrets({ token: /data-token="([^"]+)"/.exec(res.text)?.[1] });
    expect(res.text).toContain(`data-problem="${slug}"`);
    expect(res.text).toContain(`data-assignment="${assignmentId}"`);
    expect(res.text).toContain("<title>Homework 1: ");
    const session = await api.db("embed_sessions").where({ assignment_id: assignmentId }).first();
    expect(session.learner_ref).toMatch(/^lti:/);

    // A problem of another course, alone or inside this assignment, is refused.
    const otherCourse = (await api.db("courses").whereNot({ id: courseId }).first("id")).id as string;
    const foreign = `lti-foreign-${context}`;
    await insertCourseProblem(api.db, { slug: foreign, authorId: null, courseId: otherCourse, at });
    // A public problem is fine alone, but not as part of an assignment that does not list it.
    const outside = `lti-public-${context}`;
    await insertPublicProblem(api.db, { slug: outside, title: "Outside", at });
    for (const custom of [
      { codeground_problem: foreign },
      { codeground_assignment: assignmentId, codeground_problem: outside },
    ]) {
      const again = await login(reg);
      const token = await platform.sign(
        claims(reg, again.nonce, { [`${LTI}context`]: contextClaim, [`${LTI}custom`]: custom }),
      );
      await expectRefused(await launch(token, again), 403, "foreign_problem");
    }
  });

  it("answers an instructor's deep linking request with the content picker", async () => {
    const l = await login(reg);
    const token = await platform.sign(
      claims(reg, l.nonce, {
        [`${LTI}message_type`]: "LtiDeepLinkingRequest",
        [`${LTI}resource_link`]: undefined,
        [`${LTI}roles`]: [ROLE.instructor],
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
          deep_link_return_url: `${platform.origin}/deep-link-return`,
          accept_types: ["ltiResourceLink"],
        },
      }),
    );
    const res = await launch(token, l);
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain("Choose Codeground content");
    expect(res.text).toMatch(/<form id="dl-form" method="post" action="\/lti\/deep-linking\/[\w-]+"/);
  });

  it("binds state and nonce through the platform's storage when it offers lti_storage_target", async () => {
    const query = new URLSearchParams({
      iss: reg.issuer,
      login_hint: "h",
      target_link_uri: LAUNCH_URL,
      client_id: reg.clientId,
      lti_storage_target: "post_message_forwarding",
    });
    const page = await raw("GET", `/lti/login?${query}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-mode="put"');
    expect(page.text).toContain('data-storage-target="post_message_forwarding"');
    expect(page.text).toContain(`data-platform-origin="${platform.origin}"`);
    expect(page.text).toContain('<script src="/lti/storage.js"></script>');
    expect(page.text).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const csp = page.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const state = /data-state="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const nonce = /data-nonce="([^"]+)"/.exec(page.text)?.[1] ?? "";
    harvestSecrets({ token: state });
    harvestSecrets({ token: nonce });
    const redirect = new URL((/data-redirect="([^"]+)"/.exec(page.text)?.[1] ?? "").replace(/&#38;/g, "&"));
    expect(redirect.searchParams.get("state")).toBe(state);
    const script = await raw("GET", "/lti/storage.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(script.text).toContain("lti.put_data");
    expect(script.text).toContain("lti.get_data");

    // No cookie comes back (third-party cookies blocked): the page reads the nonce from storage first.
    const idToken = await platform.sign(claims(reg, nonce));
    const first = await launch(idToken, { state, cookie: "" });
    expect(first.status, first.text).toBe(200);
    expect(first.text).toContain('data-mode="get"');
    expect(first.text).toContain('id="lti-relaunch"');
    const wrong = await launch(idToken, { state, cookie: "" }, { lti_storage_nonce: "not-the-nonce" });
    await expectRefused(wrong, 401, "storage_mismatch", [nonce]);
    const done = await launch(idToken, { state, cookie: "" }, { lti_storage_nonce: nonce });
    expect(done.status, done.text).toBe(200);
    expect(done.text).toContain("Launched in Codeground");
    harvestSecrets({ token: /data-learner-token="([^"]+)"/.exec(done.text)?.[1] });
  });

  describe("hostile launches, each refused with a page and an audit entry", () => {
    it("a forged signature (a key the platform does not publish, under its kid)", async () => {
      const { privateKey } = await platform.addKey("attacker", { publish: false });
      const l = await login(reg);
      const forged = await platform.sign(claims(reg, l.nonce), { kid: "platform-key-1", key: privateKey });
      await expectRefused(await launch(forged, l), 401, "bad_signature", [forged, l.state, l.nonce]);
    });

    it("an expired id_token", async () => {
      const l = await login(reg);
      const token = await platform.sign(claims(reg, l.nonce, { iat: nowS() - 900, exp: nowS() - 600 }));
      await expectRefused(await launch(token, l), 401, "token_expired");
    });

    it("an unknown kid: the JWKS is fetched again, and the kid is still unknown", async () => {
      await platform.addKey("unpublished-kid", { publish: false });
      await new Promise((r) => setTimeout(r, 1100));
      const before = platform.jwksFetches;
      const l = await login(reg);
      const token = await platform.sign(claims(reg, l.nonce), { kid: "unpublished-kid" });
      await expectRefused(await launch(token, l), 401, "unknown_key");
      expect(platform.jwksFetches).toBe(before + 1);
    });

    it("a key the platform published since its JWKS was cached is found by fetching it again", async () => {
      await platform.addKey("rotated-in");
      await new Promise((r) => setTimeout(r, 1100));
      const l = await login(reg);
      const res = await launch(await platform.sign(claims(reg, l.nonce), { kid: "rotated-in" }), l);
      expect(res.status, res.text).toBe(200);
      harvestSecrets({ token: /data-learner-token="([^"]+)"/.exec(res.text)?.[1] });
    });

    it("alg: none", async () => {
      const l = await login(reg);
      const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
      const unsigned = `${enc({ alg: "none", typ: "JWT" })}.${enc(claims(reg, l.nonce))}.`;
      await expectRefused(await launch(unsigned, l), 401, "wrong_algorithm");
    });

    it("HS256 signed with the platform's public key as the secret (key confusion)", async () => {
      const l = await login(reg);
      const jwk = platform.publicJwk();
      for (const secret of [JSON.stringify(jwk), jwk.n as string]) {
        const confused = await new SignJWT(claims(reg, l.nonce))
          .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: jwk.kid as string })
          .sign(new TextEncoder().encode(secret));
        await expectRefused(await launch(confused, l), 401, "wrong_algorithm");
      }
    });

    it("a replayed launch (the same id_token, state and nonce posted again)", async () => {
      const l = await login(reg);
      const token = await platform.sign(claims(reg, l.nonce));
      const first = await launch(token, l);
      expect(first.status).toBe(200);
      harvestSecrets({ token: /data-learner-token="([^"]+)"/.exec(first.text)?.[1] });
      await expectRefused(await launch(token, l), 401, "nonce_replayed");
      // Under a fresh login, the old nonce is not the one that login sent.
      const fresh = await login(reg);
      await expectRefused(await launch(token, fresh), 401, "wrong_nonce");
    });

    it("a wrong audience, or several audiences without this client as azp", async () => {
      for (const [overrides, reason] of [
        [{ aud: "another-tool" }, "wrong_audience"],
        [{ aud: [reg.clientId, "another-tool"] }, "missing_azp"],
        [{ aud: [reg.clientId, "another-tool"], azp: "another-tool" }, "wrong_azp"],
      ] as const) {
        const l = await login(reg);
        await expectRefused(
          await launch(await platform.sign(claims(reg, l.nonce, overrides)), l),
          401,
          reason,
        );
      }
      const l = await login(reg);
      const ok = await launch(
        await platform.sign(claims(reg, l.nonce, { aud: [reg.clientId, "another-tool"], azp: reg.clientId })),
        l,
      );
      expect(ok.status, ok.text).toBe(200);
      harvestSecrets({ token: /data-learner-token="([^"]+)"/.exec(ok.text)?.[1] });
    });

    it("another issuer than the registration's", async () => {
      const l = await login(reg);
      const token = await platform.sign(claims(reg, l.nonce, { iss: other.issuer }));
      await expectRefused(await launch(token, l), 401, "wrong_issuer");
    });

    it("an id_token issued in the future, or too long ago", async () => {
      for (const iat of [nowS() + 3600, nowS() - 3600]) {
        const l = await login(reg);
        const token = await platform.sign(claims(reg, l.nonce, { iat, exp: nowS() + 7200 }));
        const res = await launch(token, l);
        expect(res.status, res.text).toBe(401);
        expect((await lastRefusal()).details.reason).toMatch(/^(bad_issued_at|token_expired)$/);
      }
    });

    it("a platform whose JWKS cannot be fetched: 502, and nothing launched", async () => {
      const owner = await signup(api, "learner");
      const clientId = `client-${randomUUID()}`;
      const created = await api.call("POST", "/api/v1/lti/registrations", {
        token: owner.token,
        body: {
          issuer: `${other.issuer}/broken`,
          clientId,
          deploymentIds: ["deployment-1"],
          authLoginUrl: other.authUrl,
          authTokenUrl: other.tokenUrl,
          keysetUrl: `${other.origin}/no-such-jwks`,
        },
      });
      expect(created.status).toBe(201);
      const broken = {
        id: created.body.id,
        clientId,
        ownerId: owner.userId,
        issuer: `${other.issuer}/broken`,
      };
      const l = await login(broken);
      await expectRefused(
        await launch(await other.sign(claims(broken, l.nonce)), l),
        502,
        "platform_keys_unavailable",
      );
    });

    it("a deployment id that was never registered", async () => {
      const l = await login(reg, { lti_deployment_id: "deployment-1" });
      const token = await platform.sign(claims(reg, l.nonce, { [`${LTI}deployment_id`]: "deployment-9" }));
      await expectRefused(await launch(token, l), 403, "unknown_deployment");
    });

    it("a wrong message type or version", async () => {
      for (const [overrides, reason] of [
        [{ [`${LTI}message_type`]: "LtiSubmissionReviewRequest" }, "wrong_message_type"],
        [{ [`${LTI}version`]: "1.1" }, "wrong_version"],
      ] as const) {
        const l = await login(reg);
        await expectRefused(
          await launch(await platform.sign(claims(reg, l.nonce, overrides)), l),
          400,
          reason,
        );
      }
    });

    it("a launch for a context (course) of another registration", async () => {
      // The other platform's context is linked to its own course.
      const o = await login(otherReg);
      const linked = await launch(await other.sign(claims(otherReg, o.nonce)), o);
      expect(linked.status, linked.text).toBe(200);
      harvestSecrets({ token: /data-learner-token="([^"]+)"/.exec(linked.text)?.[1] });
      const foreignCourse = /data-course="([^"]+)"/.exec(linked.text)?.[1] as string;
      const foreignAssignment = randomUUID();
      await api.db("assignments").insert({
        id: foreignAssignment,
        course_id: foreignCourse,
        title: "Theirs",
        problems: "[]",
        position: 0,
        tutor: "off",
        created_at: new Date(api.clock.now()).toISOString(),
        updated_at: new Date(api.clock.now()).toISOString(),
      });
      for (const [custom, reason] of [
        [{ codeground_course: foreignCourse }, "foreign_context"],
        [{ codeground_assignment: foreignAssignment }, "foreign_assignment"],
      ] as const) {
        const l = await login(reg);
        const token = await platform.sign(claims(reg, l.nonce, { [`${LTI}custom`]: custom }));
        await expectRefused(await launch(token, l), 403, reason);
      }
    });

    it("a missing, unknown or expired state, and a browser that did not start the login", async () => {
      const l = await login(reg);
      const token = await platform.sign(claims(reg, l.nonce));
      await expectRefused(
        await raw("POST", "/lti/launch", { form: { id_token: token } }),
        400,
        "state_missing",
      );
      await expectRefused(
        await launch(token, { state: "made-up-state", cookie: l.cookie }),
        400,
        "state_unknown",
      );
      await expectRefused(await launch(token, { state: l.state, cookie: "" }), 401, "browser_mismatch");
      api.clock.advance(11 * 60_000);
      try {
        await expectRefused(await launch(token, l), 410, "state_expired");
      } finally {
        api.clock.advance(-11 * 60_000);
      }
    });
  });
});
