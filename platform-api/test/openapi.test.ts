import type Router from "@koa/router";
import AjvModule from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { caseInsensitivePattern, type RouteDoc, routeDocs } from "../src/http/openapi.js";
import { signUp } from "./support/accounts.js";
import { startApi, type TestApi } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";

// ajv is CommonJS; its default export arrives wrapped or not depending on the loader.
const interop = <T>(m: T): T => (m as { default?: T }).default ?? m;
const Ajv = interop(AjvModule);
const addFormats = interop(addFormatsModule);

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON read back from the wire
type Json = Record<string, any>;

const DOC_ID = "https://codeground.test/openapi.json";
const sqlite = databases.find((d) => d.name === "sqlite") as (typeof databases)[number];

/** `/api/v1/me/tokens/{id}` for the router's `/api/v1/me/tokens/:id`. */
const templated = (path: string) => path.replace(/[:*]([A-Za-z0-9_]+)/g, "{$1}");

describe("GET /api/v1/openapi.json", () => {
  let db: TestDatabase;
  let api: TestApi;
  let doc: Json;
  let ajv: InstanceType<typeof Ajv>;

  beforeAll(async () => {
    db = await sqlite.create();
    api = await startApi(db.knex);
    const res = await api.call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    doc = res.body;
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: DOC_ID, components: doc.components });
  });
  afterAll(async () => {
    await api?.close();
    await db?.destroy();
  });

  const validatorFor = (ref: string) => {
    const validate = ajv.getSchema(`${DOC_ID}${ref}`);
    if (!validate) throw new Error(`no schema at ${ref}`);
    return validate;
  };
  const operationOf = (route: Pick<RouteDoc, "method" | "path">): Json =>
    doc.paths[templated(route.path)]?.[route.method];
  const deref = (node: Json): Json =>
    node.$ref
      ? deref(
          node.$ref
            .slice(2)
            .split("/")
            .reduce((n: Json, k: string) => n[k], doc),
        )
      : node;

  it("is an OpenAPI 3.1 document with the error format, both credentials and X-Request-Id", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.schemas.ErrorBody.properties.error.required).toEqual(
      expect.arrayContaining(["type", "code", "message", "requestId"]),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie" });
    expect(doc.components.headers["X-Request-Id"]).toBeDefined();
    for (const [path, item] of Object.entries(doc.paths) as [string, Json][]) {
      for (const [method, op] of Object.entries(item) as [string, Json][]) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toBeTruthy();
        expect(op.responses.default, where).toEqual({ $ref: "#/components/responses/Error" });
        for (const response of Object.values(op.responses) as Json[]) {
          expect(deref(response).headers?.["X-Request-Id"], where).toBeDefined();
        }
        const declared = (op.parameters as Json[]).filter((p) => p.in === "path").map((p) => p.name);
        expect(declared.sort(), where).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      }
    }
  });

  it("resolves every $ref and compiles every schema", () => {
    const refs = new Set<string>();
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
          if (k === "$ref" && typeof v === "string") refs.add(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    for (const ref of refs) expect(deref({ $ref: ref }), ref).toBeDefined();
    for (const name of Object.keys(doc.components.schemas)) validatorFor(`#/components/schemas/${name}`);
  });

  it("documents every route the app serves, and serves every route it documents", () => {
    const served = new Set<string>();
    for (const middleware of api.app.middleware) {
      const router = (middleware as { router?: Router }).router;
      for (const layer of router?.stack ?? []) {
        for (const method of layer.methods) {
          if (method !== "HEAD") served.add(`${method.toLowerCase()} ${templated(String(layer.path))}`);
        }
      }
    }
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths) as [string, Json][]) {
      for (const method of Object.keys(item)) documented.add(`${method} ${path}`);
    }
    expect([...served].filter((r) => r.includes(" /api/v1/")).length).toBeGreaterThan(15);
    expect([...served].sort()).toEqual([...documented].sort());
  });

  it("describes what the API actually answers", async () => {
    const check = (
      method: string,
      path: string,
      res: { status: number; body: unknown; headers: Headers },
    ) => {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      const response = deref(op.responses[res.status] ?? op.responses.default);
      const schema = response.content?.["application/json"]?.schema;
      if (!schema) {
        expect(res.body, `${method} ${path} ${res.status}`).toBeUndefined();
        return;
      }
      const validate = validatorFor(schema.$ref ?? "");
      expect(validate(res.body), `${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(
        true,
      );
    };

    const signup = await api.call("POST", "/api/v1/auth/signup", {
      body: { email: "doc@example.test", password: "correct horse battery" },
    });
    check("post", "/api/v1/auth/signup", signup);
    // The same answer for an address that has an account.
    check(
      "post",
      "/api/v1/auth/signup",
      await api.call("POST", "/api/v1/auth/signup", {
        body: { email: "doc@example.test", password: "correct horse battery" },
      }),
    );
    const login = await api.call("POST", "/api/v1/auth/login", {
      body: { email: "doc@example.test", password: "correct horse battery" },
    });
    check("post", "/api/v1/auth/login", login);
    const token = login.body.token as string;
    const email = "/api/v1/me/email";
    check("post", `${email}/verification`, await api.call("POST", `${email}/verification`, { token }));
    check(
      "post",
      email,
      await api.call("POST", email, {
        token,
        body: { email: "doc2@example.test", password: "correct horse battery" },
      }),
    );
    check(
      "post",
      email,
      await api.call("POST", email, { token, body: { email: "doc2@example.test", password: "wrong" } }),
    );
    check(
      "post",
      "/api/v1/auth/email/verify",
      await api.call("POST", "/api/v1/auth/email/verify", { body: { token: `cgv_${"x".repeat(43)}` } }),
    );
    check("get", "/api/v1/me", await api.call("GET", "/api/v1/me", { token }));
    check("get", "/api/v1/me", await api.call("GET", "/api/v1/me"));
    const forgot = "/api/v1/auth/password/forgot";
    check("post", forgot, await api.call("POST", forgot, { body: { email: "doc@example.test" } }));
    check("post", forgot, await api.call("POST", forgot, { body: { email: "a@b.test\r\nBcc: c@d.test" } }));
    const reset = "/api/v1/auth/password/reset";
    check(
      "post",
      reset,
      await api.call("POST", reset, { body: { token: `cgr_${"x".repeat(43)}`, password: "x".repeat(10) } }),
    );
    check("patch", "/api/v1/me", await api.call("PATCH", "/api/v1/me", { token, body: { locale: "es" } }));
    check("patch", "/api/v1/me", await api.call("PATCH", "/api/v1/me", { token, body: { locale: 42 } }));
    const created = await api.call("POST", "/api/v1/me/tokens", { token, body: { name: "ci" } });
    check("post", "/api/v1/me/tokens", created);
    check("get", "/api/v1/me/tokens", await api.call("GET", "/api/v1/me/tokens", { token }));
    check(
      "delete",
      "/api/v1/me/tokens/{id}",
      await api.call("DELETE", `/api/v1/me/tokens/${created.body.id}`, { token }),
    );
    check(
      "post",
      "/api/v1/me/tokens",
      await api.call("POST", "/api/v1/me/tokens", { token, body: { name: "", extra: 1 } }),
    );
    check(
      "post",
      "/api/v1/me/mfa/totp/setup",
      await api.call("POST", "/api/v1/me/mfa/totp/setup", { token }),
    );
    check("get", "/api/v1/audit", await api.call("GET", "/api/v1/audit?limit=5", { token }));
    check("get", "/api/v1/audit/verify", await api.call("GET", "/api/v1/audit/verify", { token }));
    check("get", "/api/v1/keys", await api.call("GET", "/api/v1/keys", { token }));
    check("get", "/api/v1/me/preferences", await api.call("GET", "/api/v1/me/preferences", { token }));
    check("post", "/api/v1/auth/logout", await api.call("POST", "/api/v1/auth/logout", { token }));
    check("get", "/healthz", await api.call("GET", "/healthz"));
    check("get", "/readyz", await api.call("GET", "/readyz"));

    const author = await signUp(api, { email: "author@example.test" });
    await api.db("users").where({ id: author.user.id }).update({ role: "author" });
    const asAuthor = { token: author.token };
    const problem = {
      slug: "doc-sum",
      title: "Sum",
      statement: "Add [them](https://example.test).",
      difficulty: "easy",
      languages: ["python"],
      judge: {
        mode: "function",
        function: { name: "add", params: [{ name: "a", type: "int" }], returns: "int" },
      },
      tests: [{ args: [1], expected: 1, sample: true }],
      solutions: { python: "def add(a):\n    return a\n" },
    };
    const problems = "/api/v1/problems";
    check("post", problems, await api.call("POST", problems, { ...asAuthor, body: problem }));
    check("post", problems, await api.call("POST", problems, { ...asAuthor, body: problem }));
    check("post", problems, await api.call("POST", problems, { token, body: problem }));
    check("get", problems, await api.call("GET", `${problems}?limit=1`, asAuthor));
    check(
      "get",
      `${problems}/{slug}`,
      await api.call("GET", `${problems}/doc-sum?include=solutions`, asAuthor),
    );
    check("get", `${problems}/{slug}`, await api.call("GET", `${problems}/nope`, asAuthor));
    check(
      "put",
      `${problems}/{slug}`,
      await api.call("PUT", `${problems}/doc-sum`, { ...asAuthor, body: problem }),
    );
    const imported = await api.call("POST", `${problems}/import`, {
      ...asAuthor,
      body: { problems: [problem] },
    });
    check("post", `${problems}/import`, imported);
    check("get", `${problems}/export`, await api.call("GET", `${problems}/export`, asAuthor));
    check("delete", `${problems}/{slug}`, await api.call("DELETE", `${problems}/doc-sum`, asAuthor));
  });

  describe("every request schema accepts and rejects what its zod schema does", () => {
    const withBodies = routeDocs.filter(
      (r): r is RouteDoc & { request: z.ZodType } => r.request !== undefined,
    );

    const words = [
      "",
      "a",
      "Work key",
      "x".repeat(10),
      "x".repeat(100),
      "x".repeat(101),
      "x".repeat(1025),
      "123456",
      "12345",
      "1234567",
      "abcde-fghij",
      "ABCDE-FGHIJ",
      "AbCdEfGhIj",
      "abcde_fghij",
      "ada@example.com",
      "Ada.Lovelace@Example.COM",
      "not-an-email",
      "ada@example",
      "read",
      "write",
      "keys",
      "admin",
      "openai",
      "anthropic",
      "azure-openai",
      "openai-compatible",
      "https://llm.example.com/v1",
      "http://127.0.0.1:8080",
      "ftp://files.example.com",
      "sk-abcdef1234567890",
      "sk abc",
      "2027-01-31T00:00:00Z",
      "2027-01-31T00:00:00+02:00",
      "2027-01-31",
      "tab\there",
      "bell\u0007",
      "m".repeat(16),
      "m".repeat(257),
      "key-1",
    ];
    const scalar = fc.oneof(
      fc.constantFrom(...words),
      // Surrounding whitespace is trimmed by the API; the document describes the trimmed form.
      fc.string({ maxLength: 40 }).filter((s) => s === s.trim()),
      fc.constantFrom(0, 1, 30, 365, 366, -1, 1.5, true, false, null),
    );
    const value = fc.oneof(
      { weight: 6, arbitrary: scalar },
      {
        weight: 1,
        arbitrary: fc.array(
          fc.constantFrom("read", "write", "keys", "nope", 1, "chat", "https://course.example.edu"),
          { maxLength: 4 },
        ),
      },
      {
        weight: 1,
        arbitrary: fc.record(
          {
            chat: fc.oneof(scalar, fc.constant(null)),
            feedback: fc.constantFrom("k2", null, 3),
            other: scalar,
          },
          { requiredKeys: [] },
        ),
      },
    );

    const problemDocument = {
      slug: "sum-two",
      title: "Sum two",
      statement: "Add *a* and *b*.",
      difficulty: "easy",
      categories: ["math"],
      languages: ["python"],
      judge: { mode: "stdio", compare: "tokens" },
      tests: [{ input: "1 2\n", expected: "3\n", sample: true }],
    };
    /** One valid body per route; the fuzzing varies it field by field. */
    const validBodies: Record<string, Json> = {
      "post /api/v1/auth/signup": {
        email: "ada@example.com",
        password: "x".repeat(10),
        displayName: "Ada",
        locale: "pt-BR",
      },
      "post /api/v1/auth/email/verify": { token: `cgv_${"a".repeat(43)}` },
      "post /api/v1/auth/password/forgot": { email: "ada@example.com" },
      "post /api/v1/auth/password/reset": {
        token: `cgr_${"a".repeat(43)}`,
        password: "x".repeat(10),
        code: "abcde-12345",
      },
      "patch /api/v1/me": { displayName: "Ada", locale: "pt-BR" },
      "post /api/v1/me/email": { email: "ada@example.com", password: "secret" },
      "post /api/v1/auth/login": { email: "ada@example.com", password: "secret" },
      "post /api/v1/auth/login/mfa": { mfaToken: "m".repeat(16), code: "123456" },
      "post /api/v1/me/mfa/totp/enable": { code: "123456" },
      "post /api/v1/me/mfa/totp/disable": { code: "abcde-12345" },
      "post /api/v1/me/mfa/recovery-codes": { code: "123456" },
      "post /api/v1/me/tokens": { name: "ci", scopes: ["read"], expiresInDays: 30 },
      "delete /api/v1/me": { password: "correct horse battery staple", code: "123456" },
      "patch /api/v1/admin/users/:id": { role: "author", disabled: true },
      "post /api/v1/keys": {
        name: "work",
        provider: "openai-compatible",
        model: "gpt",
        secret: "sk-abcdef1234567890",
        baseUrl: "https://llm.example.com/v1",
        expiresAt: "2027-01-31T00:00:00Z",
      },
      "patch /api/v1/keys/:id": { name: "renamed", model: null, expiresAt: null },
      "put /api/v1/me/preferences": { keys: { chat: "k1", feedback: null } },
      "put /api/v1/me/notifications": { newSignIn: false },
      "post /api/v1/courses": { name: "Algorithms 101" },
      "post /api/v1/lti/registrations": {
        issuer: "https://lms.example.edu",
        clientId: "10000000000001",
        deploymentIds: ["1:abc"],
        authLoginUrl: "https://lms.example.edu/api/lti/authorize_redirect",
        authTokenUrl: "https://lms.example.edu/login/oauth2/token",
        keysetUrl: "https://lms.example.edu/api/lti/security/jwks",
      },
      "post /api/v1/lti/registrations/dynamic": {
        openidConfiguration: "https://lms.example.edu/.well-known/openid-configuration",
        registrationToken: "one-time-registration-token",
      },
      "post /api/v1/courses/join": { joinCode: "ABCDE12345" },
      "patch /api/v1/courses/:id": { name: "Algorithms 102" },
      "patch /api/v1/courses/:id/members/:userId": { role: "instructor" },
      "post /api/v1/courses/:id/invitations": { email: "ta@example.edu", role: "ta" },
      "post /api/v1/courses/:id/embeds": { name: "Week 1", allowedOrigins: ["https://course.example.edu"] },
      "post /api/v1/courses/:id/assignments": {
        title: "Week 1",
        problems: [
          { slug: "two-sum", points: 10 },
          { slug: "sum-two", points: 20 },
        ],
        opensAt: "2030-01-01T09:00:00Z",
        dueAt: "2030-01-08T09:00:00+01:00",
        latePolicy: { acceptUntil: "2030-01-10T09:00:00Z", penaltyPerDay: 10 },
        timeLimitMinutes: 60,
        tutor: "hints",
      },
      "patch /api/v1/assignments/:id": { title: "Week one", dueAt: null, latePolicy: null, tutor: "off" },
      "post /api/v1/embeds": {
        name: "Course",
        allowedOrigins: ["https://course.example.edu", "https://*.example.edu"],
        features: ["problem", "chat"],
        problems: ["two-sum"],
        executionsPerMinute: 30,
        webhookUrl: "https://course.example.edu/hooks",
        tutorPolicy: "hints",
      },
      "patch /api/v1/embeds/:id": { name: "renamed", problems: null, webhookUrl: null },
      "post /api/v1/embed/sessions": { anonymousId: "a".repeat(20) },
      "post /api/v1/embed/key-grants": {
        publishableKey: "pk_abcdefghijklmnopqrstuvwx",
        origin: "https://course.example.edu",
      },
      "post /api/v1/problems": problemDocument,
      "put /api/v1/problems/:slug": problemDocument,
      "post /api/v1/problems/import": { problems: [problemDocument] },
      "post /api/v1/problems/:slug/run": { language: "python", code: "print(1)" },
      "post /api/v1/problems/:slug/submissions": {
        language: "python",
        code: "print(1)",
        assignmentId: "0b5e3c1a-7f1d-4c8e-9a2b-3d4e5f6a7b8c",
      },
      "post /api/v1/executions": { language: "python", code: "print(input())", stdin: "hi" },
      "post /api/v1/chat/conversations": { problemSlug: "two-sum" },
      "post /api/v1/chat/conversations/:id/messages": {
        content: "hint?",
        code: "print(1)",
        language: "python",
      },
      "put /api/v1/chat/preferences": { tutorPolicy: "hints" },
    };
    const ABSENT = Symbol("absent");

    it.each(withBodies.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", (which, route) => {
      const base = validBodies[which];
      if (!base) throw new Error(`Add a valid sample body for ${which} to validBodies.`);
      const ref = operationOf(route).requestBody.content["application/json"].schema.$ref;
      const validate = validatorFor(ref);
      const keys = [
        ...new Set([...Object.keys(deref({ $ref: ref }).properties ?? {}), ...Object.keys(base), "extra"]),
      ];
      const field = (key: string) =>
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(key in base ? base[key] : ABSENT) },
          { weight: 1, arbitrary: fc.constant(ABSENT) },
          { weight: 2, arbitrary: value },
        );
      const body = fc
        .tuple(...keys.map(field))
        .map((values) =>
          Object.fromEntries(keys.map((k, i) => [k, values[i]]).filter(([, v]) => v !== ABSENT)),
        );
      // One field changed at a time: bodies with many required fields (problem documents) still reach
      // the accepted side often enough to compare both ways.
      const oneField = fc
        .tuple(fc.constantFrom(...keys), fc.oneof(fc.constant(ABSENT), value))
        .map(([key, v]) => {
          const copy: Json = { ...base };
          if (v === ABSENT) delete copy[key];
          else copy[key] = v;
          return copy;
        });
      const sample = fc.oneof(
        { weight: 12, arbitrary: body },
        { weight: 4, arbitrary: oneField },
        { weight: 2, arbitrary: fc.constant(base) },
        { weight: 1, arbitrary: fc.constantFrom(null, [], "text", 7) },
      );
      let accepted = 0;
      fc.assert(
        fc.property(sample, (input) => {
          const zod = route.request.safeParse(input);
          const json = validate(input) === true;
          // What zod accepts the document accepts; what the document accepts zod accepts unless only a
          // check JSON Schema cannot state (a custom refinement, such as a URL that must parse) refused it.
          if (zod.success) {
            accepted++;
            return json;
          }
          const structural = zod.error.issues.some((i) => i.code !== "custom");
          return structural ? !json : true;
        }),
        { numRuns: 400, seed: 42 },
      );
      expect(accepted).toBeGreaterThan(20);
    });

    it.each([
      ["post /api/v1/auth/signup", { email: "ada@example.com", password: "x".repeat(10) }, true],
      ["post /api/v1/auth/signup", { email: "ada@example.com", password: "x".repeat(9) }, false],
      [
        "post /api/v1/auth/signup",
        { email: "ada@example.com", password: "x".repeat(10), role: "admin" },
        false,
      ],
      ["post /api/v1/auth/login/mfa", { mfaToken: "m".repeat(16), code: "ABCDE-FGHIJ" }, true],
      ["post /api/v1/auth/login/mfa", { mfaToken: "m".repeat(16), code: "abcde_fghij" }, false],
      ["post /api/v1/me/tokens", { name: "ci" }, true],
      ["post /api/v1/me/tokens", { name: "ci", scopes: [] }, false],
      ["post /api/v1/keys", { name: "k", provider: "openai", secret: "sk-1" }, true],
      ["post /api/v1/keys", { name: "k", provider: "azure-openai", secret: "sk-1" }, false],
      [
        "post /api/v1/keys",
        { name: "k", provider: "openai", secret: "sk-1", baseUrl: "https://llm.example.com/v1" },
        false,
      ],
      ["patch /api/v1/keys/:id", {}, false],
      ["patch /api/v1/keys/:id", { model: null }, true],
      ["put /api/v1/me/preferences", { keys: { chat: "k1", feedback: null } }, true],
      ["put /api/v1/me/preferences", { keys: { other: "k1" } }, false],
      ["put /api/v1/me/notifications", { tokenCreated: false, keyExpiring: true }, true],
      ["put /api/v1/me/notifications", { weeklyDigest: true }, false],
      ["put /api/v1/me/notifications", { newSignIn: "no" }, false],
      ["post /api/v1/embeds", { name: "c", allowedOrigins: ["https://a.edu"], features: ["chat"] }, true],
      ["post /api/v1/embeds", { name: "c", allowedOrigins: [], features: ["chat"] }, false],
      ["patch /api/v1/embeds/:id", {}, false],
    ] as const)("%s: %j → %s", (which, input, expected) => {
      const route = withBodies.find((r) => `${r.method} ${r.path}` === which);
      expect(route, which).toBeDefined();
      const ref = operationOf(route as RouteDoc).requestBody.content["application/json"].schema.$ref;
      expect(route?.request.safeParse(input).success).toBe(expected);
      expect(validatorFor(ref)(input)).toBe(expected);
    });
  });
});

describe("case-insensitive patterns", () => {
  it.each([
    ["^[a-z0-9]{5}-?[a-z0-9]{5}$", ["abcde-12345", "ABCDE-12345", "aBcDe12345"], ["abcd!-12345"]],
    ["^cg[ps]_\\w+$", ["cgp_x1", "CGS_X1"], ["cgx_x1"]],
    ["^[^a-f]+$", ["xyz", "XYZ"], ["abc", "ABC"]],
  ])("/%s/i", (source, matches, misses) => {
    const rewritten = new RegExp(caseInsensitivePattern(source), "u");
    for (const text of matches) expect(rewritten.test(text), text).toBe(new RegExp(source, "i").test(text));
    for (const text of misses) expect(rewritten.test(text), text).toBe(false);
  });

  it("refuses a pattern it cannot rewrite faithfully", () => {
    expect(() => caseInsensitivePattern("^\\x41+$")).toThrow(/cannot rewrite/);
    expect(() => caseInsensitivePattern("^[0-z]$")).toThrow(/cannot rewrite/);
  });
});
