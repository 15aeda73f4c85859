import { readFileSync } from "node:fs";
import type { TokenScope } from "@codeground/sdk";
import * as sdk from "@codeground/sdk";
import { z } from "zod";
import { SESSION_COOKIE } from "./auth.js";
import { accountDataRouteDocs } from "./openapi-account-data.js";
import { accountEmailRouteDocs } from "./openapi-account-email.js";
import { adminRouteDocs } from "./openapi-admin.js";
import { assignmentRouteDocs } from "./openapi-assignments.js";
import { chatRouteDocs } from "./openapi-chat.js";
import { courseRouteDocs } from "./openapi-courses.js";
import { embedRouteDocs } from "./openapi-embeds.js";
import { gradebookRouteDocs } from "./openapi-gradebook.js";
import { ltiRouteDocs } from "./openapi-lti.js";
import { notificationRouteDocs } from "./openapi-notifications.js";
import { passwordRouteDocs, profileRouteDocs } from "./openapi-password.js";
import { submissionRouteDocs } from "./openapi-submissions.js";
import { PORTAL_PATHS } from "./routes/portal.js";

/**
 * The OpenAPI 3.1 document, built from one route table whose request and response schemas are
 * the zod schemas of `@codeground/sdk`: the same objects the routes validate with, so the
 * document cannot drift from what the API accepts.
 */

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface RouteDoc {
  method: HttpMethod;
  /** The full path as the router spells it (`/api/v1/me/tokens/:id`). */
  path: string;
  tag: keyof typeof TAGS;
  /** Default: the method and the path's words (`getMeTokensById`); unique across the document. */
  operationId?: string;
  summary: string;
  description?: string;
  /**
   * `public`; the scopes an access token needs (sessions carry `read`, `write` and `keys`), all of
   * a list; `{ anyOf }` for alternatives (each a scope or a list of scopes needed together);
   * `cookie` for the portal's session cookie only (no bearer token at all); or `metrics` for the
   * operators' `METRICS_TOKEN`, checked before any user credential.
   */
  auth:
    | "public"
    | "cookie"
    | "metrics"
    | TokenScope
    | TokenScope[]
    | { anyOf: (TokenScope | TokenScope[])[] };
  query?: z.ZodObject;
  /** The JSON body, validated with this schema. */
  request?: z.ZodType;
  /** The success body; none means `204 No Content`. */
  response?: z.ZodType;
  /** Default `application/json`. */
  responseType?: string;
  /** Default 200, or 204 without a response. */
  status?: number;
  /**
   * Error statuses beyond those every route of its kind can answer: 400 (with a body, query or path
   * parameters), 401 and 403 (a credential sent anywhere is checked, even on a public route: one
   * not valid is a 401, a learner token outside the learner routes a 403), 404 (path parameters).
   */
  errors?: number[];
  /** Other non-error answers, e.g. `/readyz`'s 503 with the same body. */
  otherResponses?: Record<number, { description: string; schema: z.ZodType }>;
}

const API = "/api/v1";

/** Every tag, with what its operations are about; a route's tag must be one of these. */
const TAGS = {
  auth: "Sign-up, sign-in (with a second factor when it is on) and sign-out.",
  me: "The signed-in user.",
  mfa: "Two-factor authentication with TOTP, and its recovery codes.",
  tokens: "Personal access tokens for the SDK and scripts.",
  audit: "The tamper-evident audit log.",
  courses: "Courses: their staff and learners, invitations, join codes, and the embeds inside them.",
  assignments:
    "Assignments of a course: problems with points, open and due times, late policies, timed attempts, and the tutor's reach.",
  admin: "What admins manage: every account, its role, and whether it may sign in.",
  keys: "The vault of AI-provider keys, and which key serves which task.",
  embeds: "Embeds on course sites: their keys, learner sessions, frames and completion webhooks.",
  lti: "LTI 1.3: learning platforms registered with this tool, and the tool's login, launch and keys.",
  problems: "Problems: browse and read them; authors create, import and export them.",
  submissions: "Runs against sample tests, judged submissions and free-form executions.",
  chat: "The AI tutor's conversations, and feedback on submissions.",
  meta: "This document, and what operators and load balancers probe.",
  portal: "The hosted portal's pages and script bundle.",
  widget: "The embeddable widget's loader and frame bundle.",
} as const;

// Schemas of responses the SDK does not describe yet; they belong in `@codeground/sdk` when it
// grows clients for these routes.
const AccessTokenList = z.array(sdk.AccessToken);
const ApiKeyList = z.array(sdk.ApiKey);
const Health = z.object({ status: z.literal("ok") });
const Readiness = z.object({
  ready: z.boolean(),
  database: z.boolean(),
  /** Whether code can be run now; the API itself is ready without it (runs answer 503 meanwhile). */
  sandbox: z.boolean(),
});
const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** Component names for schemas defined here; the SDK's are named after their exports. */
const localSchemas = {
  AccessTokenList,
  ApiKeyList,
  Health,
  Readiness,
  OpenApiDocument: OpenApiDocumentSchema,
};

/** Accounts, sessions, two-factor, personal access tokens, audit. */
export const coreRouteDocs: RouteDoc[] = [
  {
    method: "post",
    path: `${API}/auth/signup`,
    tag: "auth",
    summary: "Create an account; a verification link is mailed",
    description:
      'Always 202 `{ status: "verification_sent" }` and no session, whether or not the address has an ' +
      "account: a new address gets an account and a link (`PUBLIC_URL/verify-email?token=…`, once, 24 " +
      "hours); a known one gets a mail saying someone tried to sign up, and no second account. Then sign " +
      "in with `POST /auth/login`; until the address is verified, creating courses and embeds answers 403 " +
      "`email_unverified`. `locale` is the language the account's mail speaks. Limited per address (5 an " +
      "hour) and per client address (200 an hour): 429 with Retry-After, the same for every address.",
    auth: "public",
    request: sdk.SignupRequest,
    response: sdk.SignupAccepted,
    status: 202,
    errors: [429],
  },
  {
    method: "post",
    path: `${API}/auth/login`,
    tag: "auth",
    summary: "Sign in with email and password",
    description:
      "With two-factor enabled, answers `{ mfaRequired: true, mfaToken }` for `/auth/login/mfa`. A right " +
      "password for an account an admin disabled: 403 `account_disabled`.",
    auth: "public",
    request: sdk.LoginRequest,
    response: sdk.LoginResponse,
    errors: [401, 429],
  },
  {
    method: "post",
    path: `${API}/auth/login/mfa`,
    tag: "auth",
    summary: "Finish signing in with a TOTP or recovery code",
    auth: "public",
    request: sdk.MfaLoginRequest,
    response: sdk.LoginResponse,
    errors: [401, 429],
  },
  { method: "post", path: `${API}/auth/logout`, tag: "auth", summary: "End the session", auth: "read" },
  {
    method: "get",
    path: `${API}/me`,
    tag: "me",
    summary: "The signed-in user",
    description:
      "Also readable with a keys grant (`keys` scope): its keys manager shows whose vault it opened.",
    auth: { anyOf: ["read", "keys"] },
    response: sdk.User,
  },
  {
    method: "post",
    path: `${API}/me/mfa/totp/setup`,
    tag: "mfa",
    summary: "Start TOTP setup: a new secret, its otpauth URL and QR code",
    auth: "write",
    response: sdk.TotpSetupResponse,
    errors: [409],
  },
  {
    method: "post",
    path: `${API}/me/mfa/totp/enable`,
    tag: "mfa",
    summary: "Turn on two-factor with a first code; returns ten single-use recovery codes",
    auth: "write",
    request: sdk.TotpCodeRequest,
    response: sdk.RecoveryCodesResponse,
    errors: [409, 429],
  },
  {
    method: "post",
    path: `${API}/me/mfa/totp/disable`,
    tag: "mfa",
    summary: "Turn off two-factor (needs a current code)",
    auth: "write",
    request: sdk.TotpCodeRequest,
    errors: [409, 429],
  },
  {
    method: "post",
    path: `${API}/me/mfa/recovery-codes`,
    tag: "mfa",
    summary: "Replace the recovery codes (needs a current code)",
    auth: "write",
    request: sdk.TotpCodeRequest,
    response: sdk.RecoveryCodesResponse,
    errors: [409, 429],
  },
  {
    method: "get",
    path: `${API}/me/tokens`,
    tag: "tokens",
    summary: "Your personal access tokens (never their values)",
    auth: "read",
    response: AccessTokenList,
  },
  {
    method: "post",
    path: `${API}/me/tokens`,
    tag: "tokens",
    summary: "Create a personal access token; its value is in this response only",
    description: "Only a signed-in session can create one, not another token.",
    auth: "write",
    request: sdk.CreateTokenRequest,
    response: sdk.CreatedToken,
    status: 201,
  },
  {
    method: "delete",
    path: `${API}/me/tokens/:id`,
    tag: "tokens",
    summary: "Revoke a personal access token",
    description:
      "Needs `write`, except that a token may always revoke itself (its own id), whatever its scopes.",
    auth: "write",
  },
  {
    method: "get",
    path: `${API}/audit`,
    tag: "audit",
    summary: "Audit events, newest first: your own, or everyone's for admins",
    auth: "read",
    query: sdk.AuditQuery,
    response: sdk.AuditPage,
  },
  {
    method: "get",
    path: `${API}/audit/verify`,
    tag: "audit",
    summary: "Check the audit log's hash chain (admins)",
    auth: "read",
    response: sdk.AuditVerification,
  },
];

/** Changing the vault: a general token with both scopes, or a keys grant's `keys:write`. */
const KEY_WRITE: RouteDoc["auth"] = { anyOf: [["write", "keys"], "keys:write"] };

/** The key vault and which key serves which task. */
export const keyVaultRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/keys`,
    tag: "keys",
    summary: "Your AI-provider keys (never their secrets)",
    auth: "keys",
    response: ApiKeyList,
  },
  {
    method: "post",
    path: `${API}/keys`,
    tag: "keys",
    summary: "Add a key; the secret is stored encrypted and never shown again",
    description: "`azure-openai` and `openai-compatible` keys need `baseUrl`; the other providers take none.",
    auth: KEY_WRITE,
    request: sdk.CreateKeyRequest,
    response: sdk.ApiKey,
    status: 201,
    errors: [409],
  },
  {
    method: "get",
    path: `${API}/keys/:id`,
    tag: "keys",
    summary: "One key",
    auth: "keys",
    response: sdk.ApiKey,
  },
  {
    method: "patch",
    path: `${API}/keys/:id`,
    tag: "keys",
    summary: "Change a key's name, model, secret, base URL or expiry (`null` clears)",
    auth: KEY_WRITE,
    request: sdk.UpdateKeyRequest,
    response: sdk.ApiKey,
    errors: [409],
  },
  {
    method: "delete",
    path: `${API}/keys/:id`,
    tag: "keys",
    summary: "Delete a key",
    auth: KEY_WRITE,
  },
  {
    method: "post",
    path: `${API}/keys/:id/verify`,
    tag: "keys",
    summary: "Check the key with its provider",
    auth: "keys",
    response: sdk.VerifyKeyResponse,
    errors: [409, 502],
  },
  {
    method: "get",
    path: `${API}/me/preferences`,
    tag: "keys",
    summary: "Which key serves which task",
    auth: { anyOf: ["read", "keys"] },
    response: sdk.Preferences,
  },
  {
    method: "put",
    path: `${API}/me/preferences`,
    tag: "keys",
    summary: "Choose which key serves chat and feedback (`null` clears, a task left out keeps its key)",
    auth: { anyOf: ["write", "keys:write"] },
    request: sdk.UpdatePreferencesRequest,
    response: sdk.Preferences,
    errors: [404],
  },
];

/**
 * What zod checks in code (refinements) and JSON Schema can still say, added to the request
 * schemas that have them. Checks no JSON Schema can express (a URL that parses) stay in the API.
 */
const refinements = new Map<z.ZodType, Json>([
  [
    sdk.CreateKeyRequest,
    {
      if: { properties: { provider: { enum: ["azure-openai", "openai-compatible"] } } },
      // `baseUrl: {}` (anything) only names the property the outer schema describes, for linters.
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's keyword, not a thenable
      then: { properties: { baseUrl: {} }, required: ["baseUrl"] },
      else: { not: { properties: { baseUrl: {} }, required: ["baseUrl"] } },
    },
  ],
  [sdk.UpdateKeyRequest, { minProperties: 1 }],
  [sdk.UpdateEmbedRequest, { minProperties: 1 }],
  [sdk.UpdateAdminUserRequest, { minProperties: 1 }],
]);

/** Problems: learners read them (signed in, or inside an embed); authors write, import and export them. */
export const problemRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/problems`,
    tag: "problems",
    summary: "Problems you can see, by slug, a page at a time",
    description:
      "Public problems, plus your own private ones (admins: every problem); a learner inside an embed sees " +
      "the embed's problems. Filter by difficulty, category and language; `q` searches titles and slugs.",
    auth: "read",
    query: sdk.ProblemQuery,
    response: sdk.ProblemPage,
  },
  {
    method: "get",
    path: `${API}/problems/:slug`,
    tag: "problems",
    summary: "One problem: statement (Markdown and sanitised HTML), starter code, limits and sample tests",
    description:
      "Hidden tests are never included. `?include=solutions` adds the reference solutions for the author and admins.",
    auth: "read",
    query: sdk.ProblemDetailQuery,
    response: sdk.ProblemView,
  },
  {
    method: "post",
    path: `${API}/problems`,
    tag: "problems",
    summary: "Create a problem from a problem document (authors)",
    description: "Bodies up to 32 MB. Function-mode tests must fit the declared types.",
    auth: "write",
    request: sdk.ProblemDocument,
    response: sdk.ProblemView,
    status: 201,
    errors: [409],
  },
  {
    method: "put",
    path: `${API}/problems/:slug`,
    tag: "problems",
    summary: "Replace a problem with a new document; its version goes up (author or admin)",
    description: "Past submissions keep the verdict they got; nothing is judged again.",
    auth: "write",
    request: sdk.ProblemDocument,
    response: sdk.ProblemView,
  },
  {
    method: "delete",
    path: `${API}/problems/:slug`,
    tag: "problems",
    summary: "Delete a problem (author or admin)",
    auth: "write",
  },
  {
    method: "post",
    path: `${API}/problems/import`,
    tag: "problems",
    summary: "Create or update several problems at once: all of them, or none",
    description:
      "JSON `{ problems: [...] }`, or the same as YAML (`Content-Type: application/yaml`; a bare list or " +
      "`---`-separated documents work too), up to 32 MB. Invalid documents are reported by `index`; a slug " +
      "owned by someone else is a 409.",
    auth: "write",
    request: sdk.ProblemImportRequest,
    response: sdk.ProblemImportResult,
    errors: [409],
  },
  {
    method: "get",
    path: `${API}/problems/export`,
    tag: "problems",
    summary: "Your problems as full documents, hidden tests and solutions included, ready to import",
    description:
      "`?format=yaml` answers `application/yaml` with the same shape. Admins may export any problem.",
    auth: "read",
    query: sdk.ProblemExportQuery,
    response: sdk.ProblemExport,
  },
];

/** This document, and what operators and load balancers probe. */
export const operationsRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/openapi.json`,
    tag: "meta",
    summary: "This document",
    auth: "public",
    response: OpenApiDocumentSchema,
  },
  {
    method: "get",
    path: "/healthz",
    tag: "meta",
    summary: "The process is up",
    auth: "public",
    response: Health,
  },
  {
    method: "get",
    path: "/readyz",
    tag: "meta",
    summary: "The database answers; also whether the sandbox can run code",
    auth: "public",
    response: Readiness,
    otherResponses: { 503: { description: "Not ready: the database does not answer.", schema: Readiness } },
  },
  {
    method: "get",
    path: "/metrics",
    tag: "meta",
    summary: "Prometheus metrics",
    description:
      "Needs `Authorization: Bearer` with the `METRICS_TOKEN` setting; without that setting the route " +
      "answers 404 (metrics off).",
    auth: "metrics",
    response: z.string(),
    responseType: "text/plain; version=0.0.4",
  },
];

/** What browsers load: the portal's pages and bundle, and the widget's loader and frame files. */
export const browserRouteDocs: RouteDoc[] = [
  ...PORTAL_PATHS.map(
    (path): RouteDoc => ({
      method: "get",
      path,
      // Pages share their paths' words with API routes (`/keys`, `/api/v1/keys`): their own names.
      operationId: `getPortalPage${pascal(path.replace(/:/g, "by-"))}`,
      tag: "portal",
      summary: `The portal page${path === "/" ? "" : ` ${path}`} (one shell; the view follows the path)`,
      description: "HTML with a nonce-based Content-Security-Policy; never framable.",
      auth: "public",
      response: z.string(),
      responseType: "text/html",
    }),
  ),
  {
    method: "get",
    path: "/portal/portal.js",
    tag: "portal",
    summary: "The portal's script bundle",
    auth: "public",
    response: z.string(),
    responseType: "text/javascript",
  },
  {
    method: "get",
    path: "/portal/chunks/:file",
    tag: "portal",
    summary: "The problem page's script chunks (hashed names, immutable)",
    auth: "public",
    response: z.string(),
    responseType: "text/javascript",
  },
  {
    method: "get",
    path: "/widget/*file",
    tag: "widget",
    summary: "The widget's frame bundle and its chunks (hashed chunk names are immutable)",
    auth: "public",
    response: z.string(),
    responseType: "text/javascript",
  },
  {
    method: "get",
    path: "/widget.js",
    tag: "widget",
    summary: "The widget loader a course site includes with one script tag",
    auth: "public",
    response: z.string(),
    responseType: "text/javascript",
  },
];

/** Every documented route: the single source of the document. */
export const routeDocs: RouteDoc[] = [
  ...coreRouteDocs,
  ...accountEmailRouteDocs,
  ...notificationRouteDocs,
  ...passwordRouteDocs,
  ...profileRouteDocs,
  ...accountDataRouteDocs,
  ...adminRouteDocs,
  ...keyVaultRouteDocs,
  ...embedRouteDocs,
  ...courseRouteDocs,
  ...assignmentRouteDocs,
  ...gradebookRouteDocs,
  ...ltiRouteDocs,
  ...problemRouteDocs,
  ...submissionRouteDocs,
  ...chatRouteDocs,
  ...operationsRouteDocs,
  ...browserRouteDocs,
];

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and OpenAPI objects are open-ended JSON
type Json = Record<string, any>;

const TARGET = "draft-2020-12";
const SCHEMA_REF = "#/components/schemas/";

/** The document's outline; everything below it is plain JSON. */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: {
    title: string;
    version: string;
    license: { name: string; identifier: string };
    description: string;
  };
  servers: { url: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [field: string]: unknown;
}

/**
 * Where the API is served: every path is written from the origin's root (`/api/v1/…`, `/healthz`),
 * so the server is `PUBLIC_URL` itself; without one, `/`, relative to wherever the document came from.
 */
export function serversOf(publicUrl?: string): { url: string; description: string }[] {
  return [
    publicUrl
      ? { url: publicUrl.replace(/\/+$/, ""), description: "This deployment (its PUBLIC_URL)." }
      : { url: "/", description: "The origin this document was fetched from." },
  ];
}

/** Builds the document from the route table. */
export function buildOpenApiDocument(
  routes: readonly RouteDoc[] = routeDocs,
  { publicUrl }: { publicUrl?: string } = {},
): OpenApiDocument {
  const names = schemaNames();
  const operations = routes.map((route) => ({ route, id: route.operationId ?? operationId(route) }));
  const seen = new Map<string, RouteDoc>();
  for (const { route, id } of operations) {
    const other = seen.get(id);
    if (other) {
      throw new Error(
        `OpenAPI: the operationId ${id} names both ${other.method} ${other.path} and ${route.method} ${route.path}.`,
      );
    }
    seen.set(id, route);
  }
  const nameOf = (schema: z.ZodType, fallback: string): string => {
    let name = names.get(schema);
    if (!name) {
      name = fallback;
      names.set(schema, name);
    }
    return name;
  };
  const requestRoots = new Set<string>();
  const responseRoots = new Set<string>([nameOf(sdk.ErrorBody, "ErrorBody")]);
  for (const { route, id } of operations) {
    if (route.request) requestRoots.add(nameOf(route.request, `${pascal(id)}Request`));
    if (route.response && !route.responseType)
      responseRoots.add(nameOf(route.response, `${pascal(id)}Response`));
    for (const other of Object.values(route.otherResponses ?? {}))
      responseRoots.add(nameOf(other.schema, `${pascal(id)}Other`));
  }
  const { schemas, inputName } = componentSchemas(names, requestRoots, responseRoots);

  const paths: Json = {};
  for (const { route, id } of operations) {
    const path = route.path.replace(/[:*]([A-Za-z0-9_]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][route.method] = operation(route, id, names, inputName);
  }

  const pkg = packageJson();
  return {
    openapi: "3.1.0",
    info: {
      title: "Codeground platform API",
      version: pkg.version,
      license: { name: pkg.license, identifier: pkg.license },
      description:
        "Accounts with two-factor, personal access tokens, the key vault, the audit log. Every response " +
        "carries `X-Request-Id`; every error is `{ error: { type, code, message, details?, requestId } }`. " +
        "Text fields are trimmed of surrounding whitespace before they are checked; the schemas describe " +
        "the trimmed value. A few checks (a base URL that parses) happen only in the API.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: serversOf(publicUrl),
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name, description: TAGS[name] })),
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "A session token (`cgs_…`) from signing in, or a personal access token (`cgp_…`). " +
            "An operation's requirement lists the scopes an access token needs: `read`, `write`, `keys` " +
            "(read and use the key vault), `keys:write` (change the vault and the key per task, nothing " +
            "else: what `POST /embed/key-grants` hands a keys manager).",
        },
        metricsToken: {
          type: "http",
          scheme: "bearer",
          description:
            "The operators' `METRICS_TOKEN` setting, for the Prometheus scraper; no user credential.",
        },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description:
            "The portal's HttpOnly session cookie. A write riding on it must carry `Origin` equal to the " +
            "portal's origin, or `Sec-Fetch-Site: same-origin`.",
        },
      },
      headers: {
        "X-Request-Id": {
          description:
            "The request's id: the one sent, if well-formed, or a new one. Quote it when reporting a problem.",
          schema: { type: "string" },
        },
      },
      parameters: {
        "X-Request-Id": {
          name: "X-Request-Id",
          in: "header",
          required: false,
          description:
            "An id of your own for this request (8–128 of `A-Za-z0-9._:-`), echoed back and logged.",
          schema: { type: "string", pattern: "^[A-Za-z0-9._:-]{8,128}$" },
        },
      },
      responses: {
        Error: {
          description: "An error; `error.type` says which kind, `error.code` which one exactly.",
          headers: { "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" } },
          content: { "application/json": { schema: { $ref: `${SCHEMA_REF}ErrorBody` } } },
        },
        RateLimited: {
          description: "Too many attempts; try again after `Retry-After` seconds.",
          headers: {
            "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" },
            "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 0 } },
          },
          content: { "application/json": { schema: { $ref: `${SCHEMA_REF}ErrorBody` } } },
        },
      },
    },
  };
}

function operation(
  route: RouteDoc,
  id: string,
  names: Map<z.ZodType, string>,
  inputName: (name: string) => string,
): Json {
  const requestId = { "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" } };
  const ref = (schema: z.ZodType) => ({ $ref: `${SCHEMA_REF}${names.get(schema)}` });
  const pathParams = [...route.path.matchAll(/[:*]([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);

  const parameters: Json[] = [{ $ref: "#/components/parameters/X-Request-Id" }];
  for (const name of pathParams)
    parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
  if (route.query) {
    const query = inline(route.query, "input");
    const required = new Set<string>(query.required ?? []);
    for (const [name, schema] of Object.entries(query.properties ?? {}) as [string, Json][]) {
      const { description, ...rest } = schema;
      parameters.push({ name, in: "query", required: required.has(name), description, schema: rest });
    }
  }

  const status = route.status ?? (route.response ? 200 : 204);
  const responses: Json = {
    [status]: route.response
      ? {
          description: route.summary,
          headers: requestId,
          content: {
            [route.responseType ?? "application/json"]: {
              schema: route.responseType ? inline(route.response, "output") : ref(route.response),
            },
          },
        }
      : { description: "Done; no content.", headers: requestId },
  };
  for (const [code, other] of Object.entries(route.otherResponses ?? {})) {
    responses[code] = {
      description: other.description,
      headers: requestId,
      content: { "application/json": { schema: ref(other.schema) } },
    };
  }
  const errors = new Set(route.errors);
  if (route.request || route.query || pathParams.length) errors.add(400);
  // Metrics are served before any user credential is looked at: a wrong token, or metrics off.
  if (route.auth === "metrics") errors.add(401).add(404);
  else errors.add(401).add(403);
  if (pathParams.length) errors.add(404);
  if (route.request) errors.add(413).add(415);
  for (const code of [...errors].sort((a, b) => a - b)) {
    responses[code] = { $ref: `#/components/responses/${code === 429 ? "RateLimited" : "Error"}` };
  }
  responses.default = { $ref: "#/components/responses/Error" };

  return {
    operationId: id,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: securityOf(route.auth),
    parameters,
    ...(route.request
      ? {
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { $ref: `${SCHEMA_REF}${inputName(names.get(route.request) as string)}` },
              },
            },
          },
        }
      : {}),
    responses,
  };
}

/** OpenAPI security requirements: alternatives are separate objects, scopes within one all needed. */
function securityOf(auth: RouteDoc["auth"]): Json[] {
  if (auth === "public") return [];
  if (auth === "cookie") return [{ cookieAuth: [] }];
  if (auth === "metrics") return [{ metricsToken: [] }];
  const alternatives = typeof auth === "object" && "anyOf" in auth ? auth.anyOf : [auth];
  return [...alternatives.map((scopes) => ({ bearerAuth: [scopes].flat() })), { cookieAuth: [] }];
}

/** A schema written out in place (query parameters, non-JSON bodies). */
function inline(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: TARGET, io }) as Json;
  return rest;
}

/** Every zod schema the SDK exports, by its export name, then the ones defined here. */
function schemaNames(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const [name, value] of Object.entries(sdk)) {
    if (value instanceof z.ZodType && !names.has(value)) names.set(value, name);
  }
  for (const [name, schema] of Object.entries(localSchemas)) names.set(schema, name);
  return names;
}

/**
 * JSON Schemas for the components: request bodies as they are accepted (zod input), responses as
 * they are sent (zod output). A schema used both ways whose two forms differ gets an `…Input` twin.
 * Only schemas a route reaches are kept.
 */
function componentSchemas(
  names: Map<z.ZodType, string>,
  requestRoots: Set<string>,
  responseRoots: Set<string>,
): { schemas: Json; inputName: (name: string) => string } {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  const convert = (io: "input" | "output") => {
    const { schemas } = z.toJSONSchema(registry, {
      target: TARGET,
      io,
      uri: (id) => `${SCHEMA_REF}${id}`,
      // Unused schemas may not be representable one way (an input transform); they are dropped below.
      unrepresentable: "any",
      override: caseInsensitivePatterns,
    });
    const out: Record<string, Json> = {};
    for (const [id, schema] of Object.entries(schemas)) {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Json;
      out[id] = rest;
    }
    return out;
  };
  const inputs = pick(convert("input"), requestRoots);
  for (const [schema, extra] of refinements) {
    const name = names.get(schema);
    if (name && inputs[name]) inputs[name] = { ...inputs[name], ...extra };
  }
  const outputs = pick(convert("output"), responseRoots);

  // A schema differs if its own form differs or it refers to one that does.
  const differs = new Set<string>();
  const shared = Object.keys(inputs).filter((id) => id in outputs);
  for (const id of shared) if (JSON.stringify(inputs[id]) !== JSON.stringify(outputs[id])) differs.add(id);
  for (let grew = true; grew; ) {
    grew = false;
    for (const id of shared) {
      if (!differs.has(id) && refsOf(inputs[id]).some((r) => differs.has(r))) {
        differs.add(id);
        grew = true;
      }
    }
  }
  const inputName = (id: string) => (differs.has(id) ? `${id}Input` : id);
  const schemas: Json = { ...outputs };
  for (const [id, schema] of Object.entries(inputs)) {
    schemas[inputName(id)] = renameRefs(schema, inputName);
  }
  return {
    schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    inputName,
  };
}

/** The named schemas reachable from `roots` through `$ref`s. */
function pick(all: Record<string, Json>, roots: Set<string>): Record<string, Json> {
  const kept: Record<string, Json> = {};
  const visit = (id: string) => {
    if (id in kept) return;
    const schema = all[id];
    if (!schema) throw new Error(`OpenAPI: no schema named ${id}.`);
    kept[id] = schema;
    for (const ref of refsOf(schema)) visit(ref);
  };
  for (const id of roots) visit(id);
  return kept;
}

function refsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsOf);
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$ref" && typeof value === "string" && value.startsWith(SCHEMA_REF)
      ? [value.slice(SCHEMA_REF.length)]
      : refsOf(value),
  );
}

function renameRefs(node: unknown, rename: (id: string) => string): Json {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (!n || typeof n !== "object") return n;
    return Object.fromEntries(
      Object.entries(n).map(([key, value]) =>
        key === "$ref" && typeof value === "string" && value.startsWith(SCHEMA_REF)
          ? [key, SCHEMA_REF + rename(value.slice(SCHEMA_REF.length))]
          : [key, walk(value)],
      ),
    );
  };
  return walk(node) as Json;
}

/**
 * JSON Schema patterns have no flags, and zod drops them: `/^[a-z]{5}$/i` would come out
 * rejecting "ABCDE", which the API accepts. Rewrite such patterns to match either case.
 */
function caseInsensitivePatterns(ctx: { zodSchema: unknown; jsonSchema: Json }): void {
  type Check = { _zod?: { def?: { pattern?: unknown } } };
  const checks = (ctx.zodSchema as { _zod?: { def?: { checks?: Check[] } } })._zod?.def?.checks ?? [];
  const patterns = checks.map((c) => c._zod?.def?.pattern).filter((p): p is RegExp => p instanceof RegExp);
  for (const regex of patterns) {
    if (/[ms]/.test(regex.flags)) {
      throw new Error(
        `OpenAPI: the pattern /${regex.source}/${regex.flags} has flags JSON Schema cannot express.`,
      );
    }
    if (!regex.flags.includes("i")) continue;
    const targets = [ctx.jsonSchema, ...((ctx.jsonSchema.allOf as Json[] | undefined) ?? [])];
    const found = targets.find((t) => t.pattern === regex.source);
    if (!found) throw new Error(`OpenAPI: could not find the pattern /${regex.source}/i to rewrite.`);
    found.pattern = caseInsensitivePattern(regex.source);
  }
}

/** The same pattern matching letters in either case, for the plain syntax our schemas use. */
export function caseInsensitivePattern(source: string): string {
  if (/\\[xuckpP]|\(\?<[A-Za-z]/.test(source)) {
    throw new Error(`OpenAPI: cannot rewrite /${source}/i without its flag; simplify the pattern.`);
  }
  const swap = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
  const isLetter = (c: string) => /^[A-Za-z]$/.test(c);
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      out += c + (source[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (c === "]") {
        inClass = false;
        out += c;
      } else if (source[i + 1] === "-" && source[i + 2] && source[i + 2] !== "]") {
        const end = source[i + 2] as string;
        if (end === "\\") throw new Error(`OpenAPI: cannot rewrite the range ${c}-\\… in /${source}/i.`);
        const letters =
          isLetter(c) && isLetter(end) && (c === c.toLowerCase()) === (end === end.toLowerCase());
        const noLetters = !/[A-Za-z]/.test(String.fromCharCode(...range(c, end)));
        if (!letters && !noLetters)
          throw new Error(`OpenAPI: cannot rewrite the range ${c}-${end} in /${source}/i.`);
        out += `${c}-${end}${letters ? `${swap(c)}-${swap(end)}` : ""}`;
        i += 2;
      } else {
        out += isLetter(c) ? c + swap(c) : c;
      }
    } else if (c === "[") {
      inClass = true;
      out += c;
      if (source[i + 1] === "^") {
        out += "^";
        i++;
      }
    } else {
      out += isLetter(c) ? `[${c}${swap(c)}]` : c;
    }
  }
  return out;
}

function range(from: string, to: string): number[] {
  const codes: number[] = [];
  for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++) codes.push(code);
  return codes;
}

/** `post /api/v1/me/tokens/:id` → `postMeTokensById`. */
function operationId(route: RouteDoc): string {
  const words = route.path
    .replace(API, "")
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => (/^[:*]/.test(part) ? `by-${part.slice(1)}` : part));
  return route.method + words.map(pascal).join("");
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("");
}

function packageJson(): { version: string; license: string } {
  // Two levels below the package root from src/http and from dist/http alike.
  const file = new URL("../../package.json", import.meta.url);
  return JSON.parse(readFileSync(file, "utf8")) as { version: string; license: string };
}
