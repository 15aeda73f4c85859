import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createRemoteJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  type JWK,
  jwtVerify,
  SignJWT,
} from "jose";
import { z } from "zod";

/**
 * An LMS in miniature for the LTI tool's tests: a real HTTP server on loopback that plays the
 * platform side of LTI 1.3 Core, Deep Linking 2.0, Assignment and Grade Services 2.0, Names and Role
 * Provisioning Services 2.0, Dynamic Registration 1.0 and the client-side postMessage storage
 * (lti-cs-pm / lti-pm-s 0.1). It refuses what a real platform refuses, with the status codes the
 * specs and RFC 6749/6750/7591 give, and records what it received so tests can assert on it.
 */

export const CLAIM = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  custom: "https://purl.imsglobal.org/spec/lti/claim/custom",
  launchPresentation: "https://purl.imsglobal.org/spec/lti/claim/launch_presentation",
  toolPlatform: "https://purl.imsglobal.org/spec/lti/claim/tool_platform",
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  deepLinkingMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  deepLinkingLog: "https://purl.imsglobal.org/spec/lti-dl/claim/log",
  deepLinkingErrorMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg",
  deepLinkingErrorLog: "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog",
  platformConfiguration: "https://purl.imsglobal.org/spec/lti-platform-configuration",
  toolConfiguration: "https://purl.imsglobal.org/spec/lti-tool-configuration",
} as const;

export const SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  resultReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  membershipReadonly: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;
const SERVICE_SCOPES: readonly string[] = Object.values(SCOPE);
const AGS_SCOPES: readonly string[] = [
  SCOPE.lineItem,
  SCOPE.lineItemReadonly,
  SCOPE.score,
  SCOPE.resultReadonly,
];

export const MEDIA_TYPE = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  score: "application/vnd.ims.lis.v1.score+json",
  resultContainer: "application/vnd.ims.lis.v2.resultcontainer+json",
  membershipContainer: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

/** LIS v2 role URIs; a TA is the Instructor sub-role, as the LTI Core role vocabulary spells it. */
export const ROLE = {
  Instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  TeachingAssistant: "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
  Learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  Mentor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor",
  ContentDeveloper: "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
  Administrator: "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
} as const;
export type RoleName = keyof typeof ROLE;

const COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering";
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const MESSAGE_TYPES = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface LtiUser {
  id: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  picture?: string;
}

export interface LtiContext {
  id: string;
  label?: string;
  title?: string;
  /** Context type URIs; a course offering when left out. */
  type?: string[];
}

export interface LineItemSpec {
  scoreMaximum: number;
  label?: string;
  resourceId?: string;
  tag?: string;
  gradesReleased?: boolean;
}

export interface ManualRegistration {
  clientId?: string;
  deploymentId?: string;
  name?: string;
  toolJwksUrl: string;
  toolLoginUrl: string;
  /** Target link URI of resource link launches. */
  toolLaunchUrl: string;
  /** Target link URI of deep linking requests; deep linking is refused without it. */
  deepLinkUrl?: string;
  /** Where the tool may receive id_tokens; defaults to the launch and deep linking URLs. */
  redirectUris?: string[];
  /** Service scopes the platform grants; all five by default. */
  scopes?: string[];
  customParameters?: Record<string, string>;
}

export interface ToolRegistration {
  clientId: string;
  deploymentId: string;
  name: string;
  toolJwksUrl: string;
  toolLoginUrl: string;
  toolLaunchUrl: string;
  deepLinkUrl?: string;
  redirectUris: string[];
  scopes: string[];
  customParameters: Record<string, string>;
  via: "manual" | "dynamic";
  /** The client registration request as received (dynamic registration only). */
  request?: unknown;
}

export interface RegistrationInfo {
  issuer: string;
  clientId: string;
  deploymentId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  openidConfigurationUrl: string;
}

export interface LaunchRequest {
  /** The registration to launch; the only one when left out. */
  clientId?: string;
  user: LtiUser;
  /** Short names (`"Instructor"`, `"TeachingAssistant"`, `"Learner"`, …) or full role URIs. */
  roles: Array<RoleName | string>;
  context: LtiContext;
  /** For resource link launches; an id from `resourceLinks` reuses what deep linking created. */
  resourceLink?: { id: string; title?: string; description?: string; lineItem?: LineItemSpec };
  custom?: Record<string, string>;
  messageType?: MessageType;
  /** Sent as `lti_storage_target`: `"_parent"` or the name of a frame on the launch page. */
  storageTarget?: string;
  /** How the launch page starts third-party initiated login; POST by default. */
  loginMethod?: "GET" | "POST";
  /** Overrides the registered target link URI. */
  targetLinkUri?: string;
  deepLinking?: {
    acceptTypes?: string[];
    acceptPresentationDocumentTargets?: string[];
    acceptMediaTypes?: string;
    acceptMultiple?: boolean;
    acceptLineItem?: boolean;
    autoCreate?: boolean;
    title?: string;
    text?: string;
  };
  presentation?: { documentTarget?: "iframe" | "window" | "embed"; returnUrl?: string; locale?: string };
}

export interface LoginInitiation {
  launchId: string;
  /** The tool's login initiation URL. */
  loginUrl: string;
  /** Parameters of third-party initiated login (OIDC 4 + LTI). */
  params: Record<string, string>;
  /** `loginUrl` with `params` as a query string: the GET form of the initiation. */
  url: string;
}

export interface IdTokenRecord {
  launchId: string;
  token: string;
  claims: Record<string, unknown>;
}

export interface LineItem {
  id: string;
  contextId: string;
  clientId: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  tag?: string;
  resourceLinkId?: string;
  startDateTime?: string;
  endDateTime?: string;
  gradesReleased?: boolean;
}

export interface ReceivedScore {
  lineItemId: string;
  clientId: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  body: Record<string, unknown>;
}

export interface ResourceLinkRecord {
  id: string;
  contextId: string;
  clientId: string;
  title?: string;
  url?: string;
  custom: Record<string, string>;
  lineItemId?: string;
}

export interface DeepLinkReturn {
  launchId: string;
  clientId: string;
  claims: Record<string, unknown>;
  contentItems: Array<Record<string, unknown>>;
  resourceLinks: ResourceLinkRecord[];
}

export interface Member {
  user: LtiUser;
  roles: string[];
  status: "Active" | "Inactive" | "Deleted";
}

export interface IssuedToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export type FailableEndpoint =
  | "token"
  | "jwks"
  | "lineitems"
  | "lineitem"
  | "scores"
  | "results"
  | "memberships";

export interface LtiPlatformOptions {
  /** Host name in the platform's URLs; `localhost` makes it a different site from a tool on 127.0.0.1. */
  hostname?: string;
  productFamilyCode?: string;
  version?: string;
  /** Clock in milliseconds, for expiry tests. */
  now?: () => number;
  accessTokenTtlSeconds?: number;
  idTokenTtlSeconds?: number;
  registrationTokenTtlSeconds?: number;
  /** NRPS page size when the tool sends no `limit`; unpaged when left out. */
  membershipPageSize?: number;
}

export interface LtiPlatform {
  issuer: string;
  urls: {
    openidConfiguration: string;
    jwks: string;
    auth: string;
    token: string;
    registration: string;
    deepLinkReturn: string;
  };
  /** The kid signing id_tokens now. */
  readonly kid: string;
  /**
   * Signs any claims with the platform's current key (header kid overridable), for posting forged or
   * unusual id_tokens straight to a tool's launch endpoint.
   */
  sign(claims: Record<string, unknown>, options?: { kid?: string }): Promise<string>;
  /** Signs with a new key (new kid); the previous key stays in the JWKS unless `retirePrevious`. */
  rotateKey(options?: { retirePrevious?: boolean }): Promise<string>;
  register(tool: ManualRegistration): RegistrationInfo;
  /**
   * A one-time registration token, the initiation URL a platform admin would open, and a page on the
   * platform that frames it and waits for the tool's `org.imsglobal.lti.close` postMessage.
   */
  dynamicRegistration(toolRegisterUrl: string): { url: string; registrationToken: string; pageUrl: string };
  /** How many `org.imsglobal.lti.close` messages registration pages received. */
  readonly registrationsClosed: number;
  registrations: ToolRegistration[];
  loginInitiation(launch: LaunchRequest): LoginInitiation;
  /** A page on the platform's origin that frames the tool and starts the login in that frame. */
  launchUrl(launch: LaunchRequest): string;
  enroll(
    context: LtiContext,
    user: LtiUser,
    roles: Array<RoleName | string>,
    status?: Member["status"],
  ): void;
  members(contextId: string): Member[];
  lineItemsUrl(contextId: string): string;
  membershipsUrl(contextId: string): string;
  createLineItem(
    contextId: string,
    clientId: string,
    spec: LineItemSpec & { resourceLinkId?: string },
  ): LineItem;
  lineItems(contextId?: string): LineItem[];
  scores: ReceivedScore[];
  idTokens: IdTokenRecord[];
  deepLinkReturns: DeepLinkReturn[];
  resourceLinks: ResourceLinkRecord[];
  /** Access tokens issued by `/token`, in order. */
  tokensIssued: IssuedToken[];
  /** Every request and the status it got. */
  requests: Array<{ method: string; path: string; status: number }>;
  /** How many times the platform JWKS was fetched (a tool's key cache shows here). */
  readonly jwksFetches: number;
  /** The next `times` requests to `endpoint` fail with `status` (5xx or 429, with Retry-After). */
  failNext(
    endpoint: FailableEndpoint,
    failure: { status: number; times?: number; retryAfter?: number },
  ): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.error_description ?? body.error ?? status));
  }
}

/** RFC 6749 §5.2 and RFC 7591 §3.2.2 errors: `{ error, error_description }`. */
const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>) =>
  new HttpError(status, { error, error_description: description }, headers);

const randomId = (bytes = 16) => randomBytes(bytes).toString("base64url");

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const roleUri = (role: string) => (role in ROLE ? ROLE[role as RoleName] : role);

const stringRecord = z.record(z.string(), z.string());

const toolConfigurationSchema = z.object({
  domain: z.string().min(1),
  secondary_domains: z.array(z.string()).optional(),
  target_link_uri: z.url(),
  custom_parameters: stringRecord.optional(),
  description: z.string().optional(),
  claims: z.array(z.string()).optional(),
  messages: z
    .array(
      z.object({
        type: z.string(),
        target_link_uri: z.url().optional(),
        label: z.string().optional(),
        icon_uri: z.url().optional(),
        custom_parameters: stringRecord.optional(),
        placements: z.array(z.string()).optional(),
        roles: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

/** LTI Dynamic Registration §3.4: the OpenID client registration with the LTI tool configuration. */
const clientRegistrationSchema = z.object({
  application_type: z.literal("web"),
  response_types: z
    .array(z.string())
    .refine((t) => t.includes("id_token"), "response_types must include id_token"),
  grant_types: z
    .array(z.string())
    .refine(
      (g) => g.includes("implicit") && g.includes("client_credentials"),
      "grant_types must include implicit and client_credentials",
    ),
  initiate_login_uri: z.url(),
  redirect_uris: z.array(z.url()).min(1),
  client_name: z.string().min(1),
  jwks_uri: z.url(),
  logo_uri: z.url().optional(),
  token_endpoint_auth_method: z.literal("private_key_jwt"),
  scope: z.string().optional(),
  contacts: z.array(z.string()).optional(),
  [CLAIM.toolConfiguration]: toolConfigurationSchema,
});

const isoDateTime = z.iso.datetime({ offset: true });

/** AGS 2.0 Score publish service. */
const scoreSchema = z
  .object({
    userId: z.string().min(1),
    scoreGiven: z.number().min(0).optional(),
    scoreMaximum: z.number().positive().optional(),
    comment: z.string().optional(),
    timestamp: isoDateTime,
    activityProgress: z.enum(["Initialized", "Started", "InProgress", "Submitted", "Completed"]),
    gradingProgress: z.enum(["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"]),
  })
  .refine((s) => s.scoreGiven === undefined || s.scoreMaximum !== undefined, {
    message: "scoreMaximum must be present when scoreGiven is",
  });

const lineItemSchema = z.object({
  scoreMaximum: z.number().positive(),
  label: z.string().min(1),
  resourceId: z.string().optional(),
  tag: z.string().optional(),
  resourceLinkId: z.string().optional(),
  startDateTime: isoDateTime.optional(),
  endDateTime: isoDateTime.optional(),
  gradesReleased: z.boolean().optional(),
});

const contentItemLineItemSchema = z.object({
  scoreMaximum: z.number().positive(),
  label: z.string().optional(),
  resourceId: z.string().optional(),
  tag: z.string().optional(),
  gradesReleased: z.boolean().optional(),
});

const resourceLinkItemSchema = z.object({
  type: z.literal("ltiResourceLink"),
  url: z.url().optional(),
  title: z.string().optional(),
  text: z.string().optional(),
  custom: stringRecord.optional(),
  lineItem: contentItemLineItemSchema.optional(),
});

interface Launch {
  id: string;
  loginHint: string;
  request: LaunchRequest;
  registration: ToolRegistration;
  messageType: MessageType;
  targetLinkUri: string;
  deepLinkingData?: string;
  expiresAt: number;
}

interface Course {
  context: LtiContext;
  members: Map<string, Member>;
  /** Client ids of the tools placed in this context; only they may use its services. */
  tools: Set<string>;
}

interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  publicJwk: JWK;
  retired: boolean;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomId(8);
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
    retired: false,
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new HttpError(413, { error: "request_too_large" });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const mediaType = (req: IncomingMessage) =>
  (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (mediaType(req) !== "application/x-www-form-urlencoded")
    throw oauthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
  return new URLSearchParams(await readBody(req));
}

async function readJson(req: IncomingMessage, type: string): Promise<unknown> {
  if (mediaType(req) !== type) throw new HttpError(415, { error: `Content-Type must be ${type}` });
  try {
    return JSON.parse(await readBody(req));
  } catch {
    throw new HttpError(400, { error: "the body is not JSON" });
  }
}

/** Whether an Accept header admits `type` (absent, `*\/*`, `application/*` or the type itself). */
function accepts(req: IncomingMessage, type: string): boolean {
  const accept = req.headers.accept;
  if (!accept) return true;
  return accept
    .split(",")
    .map((part) => part.split(";")[0]?.trim().toLowerCase())
    .some((t) => t === "*/*" || t === "application/*" || t === type);
}

function requireAccept(req: IncomingMessage, type: string) {
  if (!accepts(req, type)) throw new HttpError(406, { error: `this resource is served as ${type}` });
}

const SCRIPTS = {
  "launch.js": `document.getElementById("lti-login").submit();\n`,
  "form-post.js": `document.forms[0].submit();\n`,
  /** LTI Dynamic Registration §3.7: the tool tells the platform it is done by this postMessage. */
  "registration.js": `window.addEventListener("message", (event) => {
  if (!event.data || event.data.subject !== "org.imsglobal.lti.close") return;
  fetch("/dynamic-registration/closed", { method: "POST" }).then(() => {
    document.getElementById("status").textContent = "Registration closed";
  });
});
`,
  /** lti-cs-pm 0.1 capabilities and lti-pm-s 0.1 put/get data, kept per sender origin. */
  "lti-storage.js": `(() => {
  const store = new Map();
  const target = document.documentElement.dataset.storageTarget || "_parent";
  const storageFrame = target === "_parent" ? undefined : target;
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || typeof data !== "object" || typeof data.subject !== "string") return;
    if (!data.subject.startsWith("lti.") || data.subject.endsWith(".response")) return;
    const reply = (body) => event.source && event.source.postMessage(
      Object.assign({ subject: data.subject + ".response", message_id: data.message_id }, body), event.origin);
    const fail = (code, message) => reply({ error: { code, message } });
    if (typeof data.message_id !== "string" || !data.message_id) return fail("bad_request", "message_id is required");
    const key = (k) => event.origin + " " + k;
    switch (data.subject) {
      case "lti.capabilities": {
        const withFrame = (subject) => (storageFrame ? { subject, frame: storageFrame } : { subject });
        return reply({ supported_messages: [{ subject: "lti.capabilities" }, withFrame("lti.put_data"), withFrame("lti.get_data")] });
      }
      case "lti.put_data":
        if (typeof data.key !== "string" || !data.key) return fail("bad_request", "key is required");
        if (data.value === undefined || data.value === null) store.delete(key(data.key));
        else store.set(key(data.key), String(data.value));
        return reply({ key: data.key, value: data.value });
      case "lti.get_data":
        if (typeof data.key !== "string" || !data.key) return fail("bad_request", "key is required");
        return reply({ key: data.key, value: store.get(key(data.key)) });
      default:
        return fail("unsupported_subject", "unsupported subject " + data.subject);
    }
  });
})();
`,
} as const;

const unescapeHtml = (s: string) =>
  s.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

/**
 * The action and hidden fields of the auto-submitting form the platform answers with (the id_token
 * form post, or an OIDC error), so a test without a browser can submit it as the browser would.
 */
export function readAutoSubmitForm(page: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(page)?.[1];
  if (action === undefined) throw new Error("the page has no form");
  const fields: Record<string, string> = {};
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[unescapeHtml(name as string)] = unescapeHtml(value as string);
  return { action: unescapeHtml(action), fields };
}

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; frame-src http: https:; form-action http: https:";

export async function startLtiPlatform(options: LtiPlatformOptions = {}): Promise<LtiPlatform> {
  const now = options.now ?? Date.now;
  const nowSeconds = () => Math.floor(now() / 1000);
  const accessTokenTtl = options.accessTokenTtlSeconds ?? 3600;
  const idTokenTtl = options.idTokenTtlSeconds ?? 300;
  const registrationTokenTtl = options.registrationTokenTtlSeconds ?? 3600;

  const keys: SigningKey[] = [await newSigningKey()];
  const currentKey = () => keys[keys.length - 1] as SigningKey;

  const registrations: ToolRegistration[] = [];
  const registrationTokens = new Map<string, number>();
  const launches = new Map<string, Launch>();
  const courses = new Map<string, Course>();
  const lineItemsById = new Map<string, LineItem>();
  const scores: ReceivedScore[] = [];
  const idTokens: IdTokenRecord[] = [];
  const deepLinkReturns: DeepLinkReturn[] = [];
  const resourceLinks: ResourceLinkRecord[] = [];
  const tokensIssued: IssuedToken[] = [];
  const accessTokens = new Map<string, IssuedToken>();
  const usedAuthNonces = new Set<string>();
  const usedDeepLinkNonces = new Set<string>();
  const usedJtis = new Set<string>();
  const requests: LtiPlatform["requests"] = [];
  const failures = new Map<FailableEndpoint, { status: number; times: number; retryAfter?: number }>();
  const toolKeySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  let lineItemCounter = 0;
  let registrationsClosed = 0;

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${options.hostname ?? "127.0.0.1"}:${port}`;
  const urls = {
    openidConfiguration: `${issuer}/.well-known/openid-configuration`,
    jwks: `${issuer}/jwks`,
    auth: `${issuer}/auth`,
    token: `${issuer}/token`,
    registration: `${issuer}/register`,
    deepLinkReturn: `${issuer}/deep-linking/return`,
  };
  const lineItemsUrl = (contextId: string) => `${issuer}/contexts/${encodeURIComponent(contextId)}/lineitems`;
  const membershipsUrl = (contextId: string) =>
    `${issuer}/contexts/${encodeURIComponent(contextId)}/memberships`;

  const toolKeySet = (url: string) => {
    const known = toolKeySets.get(url);
    if (known) return known;
    // No cooldown: a tool that rotates its key is re-fetched on the first unknown kid.
    const set = createRemoteJWKSet(new URL(url), { cooldownDuration: 0 });
    toolKeySets.set(url, set);
    return set;
  };

  const registrationFor = (clientId: string | undefined) => {
    if (clientId === undefined) {
      if (registrations.length !== 1)
        throw new Error("name the clientId: the platform has several registrations");
      return registrations[0] as ToolRegistration;
    }
    const found = registrations.find((r) => r.clientId === clientId);
    if (!found) throw new Error(`no registration for client ${clientId}`);
    return found;
  };

  const course = (context: LtiContext): Course => {
    const found = courses.get(context.id);
    if (found) {
      found.context = { ...found.context, ...context };
      return found;
    }
    const created: Course = { context, members: new Map(), tools: new Set() };
    courses.set(context.id, created);
    return created;
  };

  const enroll: LtiPlatform["enroll"] = (context, user, roles, status = "Active") => {
    course(context).members.set(user.id, { user, roles: roles.map(roleUri), status });
  };

  const createLineItem: LtiPlatform["createLineItem"] = (contextId, clientId, spec) => {
    course({ id: contextId }).tools.add(clientId);
    lineItemCounter += 1;
    const item: LineItem = {
      id: `${lineItemsUrl(contextId)}/${lineItemCounter}`,
      contextId,
      clientId,
      label: spec.label ?? `Line item ${lineItemCounter}`,
      scoreMaximum: spec.scoreMaximum,
      resourceId: spec.resourceId,
      tag: spec.tag,
      resourceLinkId: spec.resourceLinkId,
      gradesReleased: spec.gradesReleased,
    };
    lineItemsById.set(item.id, item);
    return item;
  };

  const register: LtiPlatform["register"] = (tool) => {
    const registration: ToolRegistration = {
      clientId: tool.clientId ?? randomUUID(),
      deploymentId: tool.deploymentId ?? randomUUID(),
      name: tool.name ?? "Tool",
      toolJwksUrl: tool.toolJwksUrl,
      toolLoginUrl: tool.toolLoginUrl,
      toolLaunchUrl: tool.toolLaunchUrl,
      deepLinkUrl: tool.deepLinkUrl,
      redirectUris: tool.redirectUris ?? [
        tool.toolLaunchUrl,
        ...(tool.deepLinkUrl && tool.deepLinkUrl !== tool.toolLaunchUrl ? [tool.deepLinkUrl] : []),
      ],
      scopes: tool.scopes ?? [...SERVICE_SCOPES],
      customParameters: tool.customParameters ?? {},
      via: "manual",
    };
    registrations.push(registration);
    return registrationInfo(registration);
  };

  const registrationInfo = (r: ToolRegistration): RegistrationInfo => ({
    issuer,
    clientId: r.clientId,
    deploymentId: r.deploymentId,
    authUrl: urls.auth,
    tokenUrl: urls.token,
    jwksUrl: urls.jwks,
    openidConfigurationUrl: urls.openidConfiguration,
  });

  /** OIDC third-party initiated login parameters (LTI Core §5.1.1.1, lti_storage_target from lti-pm-s). */
  const loginParams = (launch: Launch) => {
    const params: Record<string, string> = {
      iss: issuer,
      login_hint: launch.loginHint,
      target_link_uri: launch.targetLinkUri,
      lti_message_hint: launch.id,
      client_id: launch.registration.clientId,
      lti_deployment_id: launch.registration.deploymentId,
    };
    if (launch.request.storageTarget) params.lti_storage_target = launch.request.storageTarget;
    return { params, loginUrl: launch.registration.toolLoginUrl };
  };

  const loginInitiation: LtiPlatform["loginInitiation"] = (request) => {
    const registration = registrationFor(request.clientId);
    const messageType = request.messageType ?? "LtiResourceLinkRequest";
    const known = resourceLinks.find((l) => l.id === request.resourceLink?.id);
    const targetLinkUri =
      request.targetLinkUri ??
      (messageType === "LtiDeepLinkingRequest"
        ? registration.deepLinkUrl
        : (known?.url ?? registration.toolLaunchUrl));
    if (!targetLinkUri) throw new Error(`client ${registration.clientId} has no deep linking URL`);
    if (messageType === "LtiResourceLinkRequest" && !request.resourceLink)
      throw new Error("a resource link launch needs a resourceLink");
    const launch: Launch = {
      id: randomId(),
      loginHint: randomId(),
      request,
      registration,
      messageType,
      targetLinkUri,
      deepLinkingData: messageType === "LtiDeepLinkingRequest" ? randomId() : undefined,
      expiresAt: now() + 10 * 60_000,
    };
    launches.set(launch.id, launch);
    enroll(request.context, request.user, request.roles);
    course(request.context).tools.add(registration.clientId);
    const { params } = loginParams(launch);
    const url = new URL(registration.toolLoginUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return { launchId: launch.id, loginUrl: registration.toolLoginUrl, params, url: url.href };
  };

  const substitute = (value: string, launch: Launch, resourceLinkId?: string, resourceLinkTitle?: string) => {
    const { user, context } = launch.request;
    const variables: Record<string, string | undefined> = {
      "$User.id": user.id,
      "$Person.name.full": user.name,
      "$Person.name.given": user.givenName,
      "$Person.name.family": user.familyName,
      "$Person.email.primary": user.email,
      "$Context.id": context.id,
      "$Context.label": context.label,
      "$Context.title": context.title,
      "$ResourceLink.id": resourceLinkId,
      "$ResourceLink.title": resourceLinkTitle,
    };
    // An unknown or unavailable variable is passed unresolved, as LTI Core §5.4 asks.
    return variables[value] ?? value;
  };

  const launchClaims = (launch: Launch, nonce: string): Record<string, unknown> => {
    const { request, registration } = launch;
    const { user, context } = request;
    const known = resourceLinks.find((l) => l.id === request.resourceLink?.id);
    const claims: Record<string, unknown> = {
      nonce,
      azp: registration.clientId,
      name: user.name,
      given_name: user.givenName,
      family_name: user.familyName,
      email: user.email,
      picture: user.picture,
      [CLAIM.messageType]: launch.messageType,
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: registration.deploymentId,
      [CLAIM.targetLinkUri]: launch.targetLinkUri,
      [CLAIM.roles]: request.roles.map(roleUri),
      [CLAIM.context]: {
        id: context.id,
        label: context.label,
        title: context.title,
        type: context.type ?? [COURSE_OFFERING],
      },
      [CLAIM.toolPlatform]: {
        guid: `${issuer}/`,
        name: "Codeground test LMS",
        product_family_code: options.productFamilyCode ?? "codeground-test-lms",
        version: options.version ?? "1.0.0",
      },
      [CLAIM.launchPresentation]: {
        document_target: request.presentation?.documentTarget ?? "iframe",
        return_url: request.presentation?.returnUrl ?? `${issuer}/courses/${encodeURIComponent(context.id)}`,
        locale: request.presentation?.locale ?? "en-US",
      },
    };
    const rawCustom = {
      ...registration.customParameters,
      ...(known?.custom ?? {}),
      ...(request.custom ?? {}),
    };
    const link = request.resourceLink;
    const custom = Object.fromEntries(
      Object.entries(rawCustom).map(([k, v]) => [
        k,
        substitute(v, launch, link?.id, link?.title ?? known?.title),
      ]),
    );
    if (Object.keys(custom).length) claims[CLAIM.custom] = custom;

    const agsScopes = registration.scopes.filter((s) => AGS_SCOPES.includes(s));
    let lineItem: LineItem | undefined;
    if (launch.messageType === "LtiResourceLinkRequest" && link) {
      claims[CLAIM.resourceLink] = {
        id: link.id,
        title: link.title ?? known?.title,
        description: link.description,
      };
      lineItem = [...lineItemsById.values()].find(
        (i) =>
          i.contextId === context.id && i.resourceLinkId === link.id && i.clientId === registration.clientId,
      );
      if (!lineItem && link.lineItem)
        lineItem = createLineItem(context.id, registration.clientId, {
          ...link.lineItem,
          resourceLinkId: link.id,
        });
    }
    if (agsScopes.length) {
      claims[CLAIM.ags] = {
        scope: agsScopes,
        lineitems: lineItemsUrl(context.id),
        ...(lineItem ? { lineitem: lineItem.id } : {}),
      };
    }
    if (registration.scopes.includes(SCOPE.membershipReadonly)) {
      claims[CLAIM.nrps] = {
        context_memberships_url: membershipsUrl(context.id),
        service_versions: ["2.0"],
      };
    }
    if (launch.messageType === "LtiDeepLinkingRequest") {
      const dl = request.deepLinking ?? {};
      claims[CLAIM.deepLinkingSettings] = {
        deep_link_return_url: urls.deepLinkReturn,
        accept_types: dl.acceptTypes ?? ["ltiResourceLink"],
        accept_presentation_document_targets: dl.acceptPresentationDocumentTargets ?? ["iframe", "window"],
        accept_media_types: dl.acceptMediaTypes,
        accept_multiple: dl.acceptMultiple ?? true,
        accept_lineitem: dl.acceptLineItem ?? true,
        auto_create: dl.autoCreate ?? true,
        title: dl.title,
        text: dl.text,
        data: launch.deepLinkingData,
      };
    }
    return JSON.parse(JSON.stringify(claims)) as Record<string, unknown>;
  };

  const formPostPage = (action: string, fields: Record<string, string>) => {
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join("\n");
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in…</title>
<script src="/assets/form-post.js" defer></script></head>
<body><form method="post" action="${escapeHtml(action)}">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form></body></html>`;
  };

  // OIDC Core §3.1.2 with LTI Core §5.1.1.2 and the 1EdTech Security Framework §5.1.1.
  const authorize = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const params = req.method === "POST" ? await readForm(req) : url.searchParams;
    const get = (name: string) => params.get(name) ?? undefined;
    const clientId = get("client_id");
    const registration = registrations.find((r) => r.clientId === clientId);
    // Without a known client and one of its redirect URIs the error cannot be sent back (OIDC §3.1.2.6).
    if (!registration) return html(res, 400, errorPage("unknown client_id"));
    const redirectUri = get("redirect_uri");
    if (!redirectUri || !registration.redirectUris.includes(redirectUri))
      return html(res, 400, errorPage("redirect_uri is not registered for this client"));
    const state = get("state");
    const fail = (error: string, description: string) =>
      html(
        res,
        200,
        formPostPage(redirectUri, {
          error,
          error_description: description,
          ...(state !== undefined ? { state } : {}),
        }),
      );
    if (get("response_type") !== "id_token")
      return fail("unsupported_response_type", "response_type must be id_token");
    if (!(get("scope") ?? "").split(" ").includes("openid"))
      return fail("invalid_scope", "scope must include openid");
    if (get("response_mode") !== "form_post")
      return fail("invalid_request", "response_mode must be form_post");
    if (get("prompt") !== "none") return fail("invalid_request", "prompt must be none");
    const nonce = get("nonce");
    if (!nonce) return fail("invalid_request", "nonce is required");
    if (usedAuthNonces.has(nonce)) return fail("invalid_request", "nonce was already used");
    const launch = launches.get(get("lti_message_hint") ?? "");
    if (!launch || launch.expiresAt < now() || launch.registration.clientId !== registration.clientId)
      return fail("invalid_request", "lti_message_hint does not name a launch of this client");
    if (get("login_hint") !== launch.loginHint)
      return fail("login_required", "login_hint does not match the launch");
    usedAuthNonces.add(nonce);
    const claims = launchClaims(launch, nonce);
    const key = currentKey();
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
      .setIssuer(issuer)
      .setAudience(registration.clientId)
      .setSubject(launch.request.user.id)
      .setIssuedAt(nowSeconds())
      .setExpirationTime(nowSeconds() + idTokenTtl)
      .sign(key.privateKey);
    idTokens.push({ launchId: launch.id, token, claims: decodeJwt(token) as Record<string, unknown> });
    return html(
      res,
      200,
      formPostPage(redirectUri, { id_token: token, ...(state !== undefined ? { state } : {}) }),
    );
  };

  // 1EdTech Security Framework §4.1: client_credentials with a private_key_jwt client assertion.
  const issueToken = async (req: IncomingMessage, res: ServerResponse) => {
    const form = await readForm(req);
    if (form.get("grant_type") !== "client_credentials")
      throw oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials");
    if (form.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE)
      throw oauthError(400, "invalid_request", `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
    const assertion = form.get("client_assertion");
    if (!assertion) throw oauthError(400, "invalid_request", "client_assertion is required");
    let clientId: string | undefined;
    try {
      clientId = decodeJwt(assertion).iss;
    } catch {
      throw oauthError(401, "invalid_client", "client_assertion is not a JWT");
    }
    const registration = registrations.find((r) => r.clientId === clientId);
    if (!registration) throw oauthError(401, "invalid_client", "unknown client");
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(assertion, toolKeySet(registration.toolJwksUrl), {
        algorithms: ["RS256"],
        issuer: registration.clientId,
        subject: registration.clientId,
        audience: [urls.token, issuer],
        requiredClaims: ["exp", "iat", "jti"],
        currentDate: new Date(now()),
        clockTolerance: 5,
      }));
    } catch (error) {
      throw oauthError(401, "invalid_client", `client assertion refused: ${(error as Error).message}`);
    }
    const jti = `${registration.clientId} ${String(payload.jti)}`;
    if (usedJtis.has(jti)) throw oauthError(401, "invalid_client", "client assertion jti was already used");
    usedJtis.add(jti);
    const requested = (form.get("scope") ?? "").split(" ").filter(Boolean);
    if (!requested.length) throw oauthError(400, "invalid_scope", "scope is required");
    const unknown = requested.filter((s) => !SERVICE_SCOPES.includes(s));
    if (unknown.length) throw oauthError(400, "invalid_scope", `unknown scope ${unknown.join(" ")}`);
    // RFC 6749 §3.3: the server may grant fewer scopes than asked and says which in `scope`.
    const granted = requested.filter((s) => registration.scopes.includes(s));
    if (!granted.length)
      throw oauthError(400, "invalid_scope", "none of the requested scopes is granted to this tool");
    const accessToken = randomId(32);
    const issued: IssuedToken = {
      clientId: registration.clientId,
      scopes: granted,
      expiresAt: now() + accessTokenTtl * 1000,
    };
    accessTokens.set(accessToken, issued);
    tokensIssued.push(issued);
    res.setHeader("Cache-Control", "no-store");
    return json(res, 200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: accessTokenTtl,
      scope: granted.join(" "),
    });
  };

  /** RFC 6750 §3: 401 for a missing, unknown or expired token; 403 when it lacks every accepted scope. */
  const bearer = (req: IncomingMessage, acceptedScopes: string[]): IssuedToken => {
    const realm = `realm="${issuer}"`;
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!match)
      throw new HttpError(401, { error: "invalid_token" }, { "WWW-Authenticate": `Bearer ${realm}` });
    const token = accessTokens.get(match[1] as string);
    const invalid = (description: string) =>
      new HttpError(
        401,
        { error: "invalid_token", error_description: description },
        {
          "WWW-Authenticate": `Bearer ${realm}, error="invalid_token", error_description="${description}"`,
        },
      );
    if (!token) throw invalid("unknown access token");
    if (token.expiresAt <= now()) throw invalid("the access token expired");
    if (!acceptedScopes.some((s) => token.scopes.includes(s)))
      throw new HttpError(
        403,
        { error: "insufficient_scope", error_description: `needs ${acceptedScopes.join(" or ")}` },
        {
          "WWW-Authenticate": `Bearer ${realm}, error="insufficient_scope", scope="${acceptedScopes.join(" ")}"`,
        },
      );
    return token;
  };

  /** A context the token's tool is placed in; any other is answered as unknown, revealing nothing. */
  const toolContext = (contextId: string, token: IssuedToken): Course => {
    const found = courses.get(contextId);
    if (!found?.tools.has(token.clientId))
      throw new HttpError(404, { error: "no such context for this tool" });
    return found;
  };

  const lineItemJson = (item: LineItem) => ({
    id: item.id,
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    resourceId: item.resourceId,
    tag: item.tag,
    resourceLinkId: item.resourceLinkId,
    startDateTime: item.startDateTime,
    endDateTime: item.endDateTime,
    gradesReleased: item.gradesReleased,
  });

  /** `limit` paging with an RFC 8288 `Link: <…>; rel="next"` header, as AGS and NRPS page. */
  const page = <T>(res: ServerResponse, url: URL, all: T[], defaultLimit?: number): T[] => {
    const limit = Number(url.searchParams.get("limit") ?? defaultLimit ?? 0);
    if (!Number.isInteger(limit) || limit < 0)
      throw new HttpError(400, { error: "limit must be a positive integer" });
    if (!limit) return all;
    const offset = Number(url.searchParams.get("page") ?? 0) * limit;
    if (offset + limit < all.length) {
      const next = new URL(url);
      next.searchParams.set("limit", String(limit));
      next.searchParams.set("page", String(offset / limit + 1));
      res.setHeader("Link", `<${next.href}>; rel="next"`);
    }
    return all.slice(offset, offset + limit);
  };

  const lineItemsRoute = async (req: IncomingMessage, res: ServerResponse, url: URL, contextId: string) => {
    if (req.method === "GET") {
      const token = bearer(req, [SCOPE.lineItem, SCOPE.lineItemReadonly]);
      toolContext(contextId, token);
      requireAccept(req, MEDIA_TYPE.lineItemContainer);
      const filters = {
        resourceLinkId: url.searchParams.get("resource_link_id"),
        resourceId: url.searchParams.get("resource_id"),
        tag: url.searchParams.get("tag"),
      };
      const items = [...lineItemsById.values()].filter(
        (i) =>
          i.contextId === contextId &&
          i.clientId === token.clientId &&
          (filters.resourceLinkId === null || i.resourceLinkId === filters.resourceLinkId) &&
          (filters.resourceId === null || i.resourceId === filters.resourceId) &&
          (filters.tag === null || i.tag === filters.tag),
      );
      return json(res, 200, page(res, url, items).map(lineItemJson), MEDIA_TYPE.lineItemContainer);
    }
    if (req.method === "POST") {
      const token = bearer(req, [SCOPE.lineItem]);
      toolContext(contextId, token);
      const parsed = lineItemSchema.safeParse(await readJson(req, MEDIA_TYPE.lineItem));
      if (!parsed.success) throw new HttpError(400, { error: z.prettifyError(parsed.error) });
      const item = createLineItem(contextId, token.clientId, parsed.data);
      item.startDateTime = parsed.data.startDateTime;
      item.endDateTime = parsed.data.endDateTime;
      res.setHeader("Location", item.id);
      return json(res, 201, lineItemJson(item), MEDIA_TYPE.lineItem);
    }
    throw new HttpError(405, { error: "method not allowed" }, { Allow: "GET, POST" });
  };

  const findLineItem = (url: URL, token: IssuedToken) => {
    const id = `${issuer}${url.pathname.replace(/\/(scores|results)$/, "")}`;
    const item = lineItemsById.get(id);
    if (!item || item.clientId !== token.clientId) throw new HttpError(404, { error: "no such line item" });
    return item;
  };

  const lineItemRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method === "GET") {
      const item = findLineItem(url, bearer(req, [SCOPE.lineItem, SCOPE.lineItemReadonly]));
      requireAccept(req, MEDIA_TYPE.lineItem);
      return json(res, 200, lineItemJson(item), MEDIA_TYPE.lineItem);
    }
    if (req.method === "PUT") {
      const item = findLineItem(url, bearer(req, [SCOPE.lineItem]));
      const parsed = lineItemSchema.safeParse(await readJson(req, MEDIA_TYPE.lineItem));
      if (!parsed.success) throw new HttpError(400, { error: z.prettifyError(parsed.error) });
      Object.assign(item, parsed.data, { id: item.id });
      return json(res, 200, lineItemJson(item), MEDIA_TYPE.lineItem);
    }
    if (req.method === "DELETE") {
      const item = findLineItem(url, bearer(req, [SCOPE.lineItem]));
      lineItemsById.delete(item.id);
      res.writeHead(204).end();
      return;
    }
    throw new HttpError(405, { error: "method not allowed" }, { Allow: "GET, PUT, DELETE" });
  };

  const scoresRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== "POST") throw new HttpError(405, { error: "method not allowed" }, { Allow: "POST" });
    const token = bearer(req, [SCOPE.score]);
    const item = findLineItem(url, token);
    const body = await readJson(req, MEDIA_TYPE.score);
    const parsed = scoreSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, { error: z.prettifyError(parsed.error) });
    const score = parsed.data;
    const members = courses.get(item.contextId)?.members;
    if (!members?.has(score.userId))
      throw new HttpError(400, { error: `user ${score.userId} is not in this context` });
    // AGS 2.0: a score older than the last one on record must not update the result.
    const previous = scores.filter((s) => s.lineItemId === item.id && s.userId === score.userId).at(-1);
    if (previous && Date.parse(score.timestamp) <= Date.parse(previous.timestamp))
      throw new HttpError(409, {
        error: `timestamp ${score.timestamp} is not later than the last score's ${previous.timestamp}`,
      });
    scores.push({
      ...score,
      lineItemId: item.id,
      clientId: token.clientId,
      body: body as Record<string, unknown>,
    });
    res.writeHead(204).end();
  };

  const resultsRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== "GET") throw new HttpError(405, { error: "method not allowed" }, { Allow: "GET" });
    const item = findLineItem(url, bearer(req, [SCOPE.resultReadonly]));
    requireAccept(req, MEDIA_TYPE.resultContainer);
    const userFilter = url.searchParams.get("user_id");
    const latest = new Map<string, ReceivedScore>();
    for (const s of scores) if (s.lineItemId === item.id) latest.set(s.userId, s);
    const results = [...latest.values()]
      .filter((s) => userFilter === null || s.userId === userFilter)
      .map((s) => ({
        id: `${item.id}/results/${encodeURIComponent(s.userId)}`,
        scoreOf: item.id,
        userId: s.userId,
        resultScore: s.gradingProgress === "FullyGraded" ? s.scoreGiven : undefined,
        resultMaximum: s.scoreMaximum,
        comment: s.comment,
      }));
    return json(res, 200, page(res, url, results), MEDIA_TYPE.resultContainer);
  };

  const membershipsRoute = (req: IncomingMessage, res: ServerResponse, url: URL, contextId: string) => {
    if (req.method !== "GET") throw new HttpError(405, { error: "method not allowed" }, { Allow: "GET" });
    const token = bearer(req, [SCOPE.membershipReadonly]);
    requireAccept(req, MEDIA_TYPE.membershipContainer);
    const found = toolContext(contextId, token);
    const role = url.searchParams.get("role");
    const members = [...found.members.values()].filter(
      (m) => role === null || m.roles.includes(roleUri(role)),
    );
    const body = {
      id: url.href,
      context: { id: found.context.id, label: found.context.label, title: found.context.title },
      members: page(res, url, members, options.membershipPageSize).map((m) => ({
        status: m.status,
        name: m.user.name,
        given_name: m.user.givenName,
        family_name: m.user.familyName,
        email: m.user.email,
        picture: m.user.picture,
        user_id: m.user.id,
        roles: m.roles,
      })),
    };
    return json(res, 200, body, MEDIA_TYPE.membershipContainer);
  };

  // LTI Deep Linking 2.0 §4.2: the tool's signed LtiDeepLinkingResponse, form-posted as `JWT`.
  const deepLinkingReturn = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") throw new HttpError(405, { error: "method not allowed" }, { Allow: "POST" });
    const form = await readForm(req);
    const jwt = form.get("JWT");
    if (!jwt) return html(res, 400, errorPage("the JWT parameter is missing"));
    let clientId: string | undefined;
    try {
      clientId = decodeJwt(jwt).iss;
    } catch {
      return html(res, 400, errorPage("JWT is not a JWT"));
    }
    const registration = registrations.find((r) => r.clientId === clientId);
    if (!registration) return html(res, 400, errorPage("the JWT's iss is not a registered client_id"));
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(jwt, toolKeySet(registration.toolJwksUrl), {
        algorithms: ["RS256"],
        issuer: registration.clientId,
        audience: issuer,
        requiredClaims: ["exp", "iat", "nonce"],
        currentDate: new Date(now()),
        clockTolerance: 5,
      }));
    } catch (error) {
      return html(res, 400, errorPage(`the deep linking response was refused: ${(error as Error).message}`));
    }
    const nonce = String(claims.nonce);
    if (usedDeepLinkNonces.has(nonce)) return html(res, 400, errorPage("nonce was already used"));
    if (claims[CLAIM.messageType] !== "LtiDeepLinkingResponse")
      return html(res, 400, errorPage("message_type must be LtiDeepLinkingResponse"));
    if (claims[CLAIM.version] !== "1.3.0") return html(res, 400, errorPage("version must be 1.3.0"));
    if (claims[CLAIM.deploymentId] !== registration.deploymentId)
      return html(res, 400, errorPage("deployment_id does not match the registration"));
    const data = claims[CLAIM.deepLinkingData];
    const launch = [...launches.values()].find(
      (l) => l.deepLinkingData !== undefined && l.deepLinkingData === data && l.registration === registration,
    );
    if (!launch)
      return html(res, 400, errorPage("the data claim does not echo a deep linking request's data"));
    const settings = launch.request.deepLinking ?? {};
    const acceptTypes = settings.acceptTypes ?? ["ltiResourceLink"];
    const rawItems = claims[CLAIM.contentItems] ?? [];
    if (!Array.isArray(rawItems)) return html(res, 400, errorPage("content_items must be an array"));
    if (settings.acceptMultiple === false && rawItems.length > 1)
      return html(res, 400, errorPage("this request accepts one content item"));
    const created: ResourceLinkRecord[] = [];
    const contextId = launch.request.context.id;
    for (const raw of rawItems as Array<Record<string, unknown>>) {
      const type = raw?.type;
      if (typeof type !== "string" || !acceptTypes.includes(type))
        return html(res, 400, errorPage(`content item type ${String(type)} was not accepted`));
      if (type !== "ltiResourceLink") continue;
      const parsed = resourceLinkItemSchema.safeParse(raw);
      if (!parsed.success) return html(res, 400, errorPage(z.prettifyError(parsed.error)));
      const targets = settings.acceptPresentationDocumentTargets ?? ["iframe", "window"];
      const asked = (["iframe", "window"] as const).find((t) => raw[t] !== undefined && !targets.includes(t));
      if (asked) return html(res, 400, errorPage(`presentation target ${asked} was not accepted`));
      if (parsed.data.lineItem && settings.acceptLineItem === false)
        return html(res, 400, errorPage("this request does not accept line items"));
      created.push({
        id: randomUUID(),
        contextId,
        clientId: registration.clientId,
        title: parsed.data.title,
        url: parsed.data.url,
        custom: parsed.data.custom ?? {},
      });
      const spec = parsed.data.lineItem;
      if (spec) {
        const link = created.at(-1) as ResourceLinkRecord;
        link.lineItemId = createLineItem(contextId, registration.clientId, {
          ...spec,
          label: spec.label ?? parsed.data.title,
          resourceLinkId: link.id,
        }).id;
      }
    }
    usedDeepLinkNonces.add(nonce);
    resourceLinks.push(...created);
    deepLinkReturns.push({
      launchId: launch.id,
      clientId: registration.clientId,
      claims,
      contentItems: rawItems as Array<Record<string, unknown>>,
      resourceLinks: created,
    });
    const message = claims[CLAIM.deepLinkingMsg] ?? claims[CLAIM.deepLinkingErrorMsg];
    return html(
      res,
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Content added</title></head>
<body><p>${created.length} item(s) added.</p>${message ? `<p>${escapeHtml(String(message))}</p>` : ""}</body></html>`,
    );
  };

  // LTI Dynamic Registration 1.0 §3.5–3.6 with RFC 7591.
  const dynamicRegister = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") throw new HttpError(405, { error: "method not allowed" }, { Allow: "POST" });
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const token = match?.[1];
    const expiresAt = token ? registrationTokens.get(token) : undefined;
    if (!token || expiresAt === undefined || expiresAt <= now())
      throw new HttpError(
        401,
        { error: "invalid_token", error_description: "a valid one-time registration_token is required" },
        { "WWW-Authenticate": `Bearer realm="${issuer}", error="invalid_token"` },
      );
    const body = await readJson(req, "application/json");
    const parsed = clientRegistrationSchema.safeParse(body);
    if (!parsed.success) throw oauthError(400, "invalid_client_metadata", z.prettifyError(parsed.error));
    const request = parsed.data;
    const config = request[CLAIM.toolConfiguration];
    const domains = [config.domain, ...(config.secondary_domains ?? [])];
    const onDomain = (u: string) => {
      const { host, hostname } = new URL(u);
      return domains.includes(host) || domains.includes(hostname);
    };
    const badRedirect = request.redirect_uris.find((u) => !onDomain(u));
    if (badRedirect)
      throw oauthError(400, "invalid_redirect_uri", `${badRedirect} is not on ${config.domain}`);
    const offDomain = [request.initiate_login_uri, config.target_link_uri, request.jwks_uri].find(
      (u) => !onDomain(u),
    );
    if (offDomain)
      throw oauthError(400, "invalid_client_metadata", `${offDomain} is not on ${config.domain}`);
    registrationTokens.delete(token);
    const deepLinking = config.messages?.find((m) => m.type === "LtiDeepLinkingRequest");
    const requested = (request.scope ?? "").split(" ").filter(Boolean);
    const registration: ToolRegistration = {
      clientId: randomUUID(),
      deploymentId: randomUUID(),
      name: request.client_name,
      toolJwksUrl: request.jwks_uri,
      toolLoginUrl: request.initiate_login_uri,
      toolLaunchUrl: config.target_link_uri,
      deepLinkUrl: deepLinking ? (deepLinking.target_link_uri ?? config.target_link_uri) : undefined,
      redirectUris: request.redirect_uris,
      scopes: requested.filter((s) => SERVICE_SCOPES.includes(s)),
      customParameters: { ...(config.custom_parameters ?? {}), ...(deepLinking?.custom_parameters ?? {}) },
      via: "dynamic",
      request: body,
    };
    registrations.push(registration);
    const received = body as Record<string, unknown>;
    return json(res, 200, {
      ...received,
      client_id: registration.clientId,
      scope: registration.scopes.join(" "),
      [CLAIM.toolConfiguration]: {
        ...(received[CLAIM.toolConfiguration] as Record<string, unknown>),
        deployment_id: registration.deploymentId,
      },
    });
  };

  const openidConfiguration = () => ({
    issuer,
    authorization_endpoint: urls.auth,
    registration_endpoint: urls.registration,
    jwks_uri: urls.jwks,
    token_endpoint: urls.token,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", ...SERVICE_SCOPES],
    response_types_supported: ["id_token"],
    response_modes_supported: ["form_post"],
    subject_types_supported: ["public", "pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: [
      "iss",
      "aud",
      "sub",
      "iat",
      "exp",
      "nonce",
      "name",
      "given_name",
      "family_name",
      "email",
      "picture",
    ],
    [CLAIM.platformConfiguration]: {
      product_family_code: options.productFamilyCode ?? "codeground-test-lms",
      version: options.version ?? "1.0.0",
      messages_supported: [
        { type: "LtiResourceLinkRequest" },
        { type: "LtiDeepLinkingRequest", placements: ["ContentArea"] },
      ],
      variables: [
        "User.id",
        "Person.name.full",
        "Person.name.given",
        "Person.name.family",
        "Person.email.primary",
        "Context.id",
        "Context.label",
        "Context.title",
        "ResourceLink.id",
        "ResourceLink.title",
      ],
    },
  });

  const launchPage = (launch: Launch) => {
    const { params, loginUrl } = loginParams(launch);
    const method = launch.request.loginMethod ?? "POST";
    const inputs = Object.entries(params)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join("\n");
    const target = launch.request.storageTarget;
    const storageFrame =
      target && target !== "_parent"
        ? `<iframe name="${escapeHtml(target)}" src="/storage-frame?target=${encodeURIComponent(target)}" title="Platform storage" hidden></iframe>`
        : "";
    const title = launch.request.context.title ?? launch.request.context.id;
    return `<!doctype html>
<html lang="en" data-storage-target="${escapeHtml(target ?? "_parent")}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<script src="/assets/lti-storage.js"></script>
<script src="/assets/launch.js" defer></script></head>
<body><h1>${escapeHtml(title)}</h1>
<form id="lti-login" method="${method.toLowerCase()}" action="${escapeHtml(loginUrl)}" target="lti-tool">
${inputs}
</form>
<iframe name="lti-tool" title="${escapeHtml(launch.registration.name)}" width="1000" height="700" allow="clipboard-write"></iframe>
${storageFrame}
</body></html>`;
  };

  const errorPage = (message: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LTI error</title></head><body><p>${escapeHtml(message)}</p></body></html>`;

  const json = (res: ServerResponse, status: number, body: unknown, type = "application/json") => {
    res.writeHead(status, { "Content-Type": type });
    res.end(JSON.stringify(body));
  };
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": PAGE_CSP,
    });
    res.end(body);
  };

  const failable = (path: string): FailableEndpoint | undefined => {
    if (path === "/token") return "token";
    if (path === "/jwks") return "jwks";
    if (/^\/contexts\/[^/]+\/lineitems$/.test(path)) return "lineitems";
    if (/^\/contexts\/[^/]+\/lineitems\/[^/]+$/.test(path)) return "lineitem";
    if (/\/scores$/.test(path)) return "scores";
    if (/\/results$/.test(path)) return "results";
    if (/\/memberships$/.test(path)) return "memberships";
    return undefined;
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname;
    const endpoint = failable(path);
    const failure = endpoint && failures.get(endpoint);
    if (endpoint && failure && failure.times > 0) {
      failure.times -= 1;
      const headers: Record<string, string> =
        failure.retryAfter !== undefined ? { "Retry-After": String(failure.retryAfter) } : {};
      throw new HttpError(failure.status, { error: "temporarily_unavailable" }, headers);
    }
    if (path === "/.well-known/openid-configuration" && req.method === "GET")
      return json(res, 200, openidConfiguration());
    if (path === "/jwks" && req.method === "GET")
      return json(res, 200, { keys: keys.filter((k) => !k.retired).map((k) => k.publicJwk) });
    if (path === "/register") return dynamicRegister(req, res);
    if (path === "/auth" && (req.method === "GET" || req.method === "POST")) return authorize(req, res, url);
    if (path === "/token" && req.method === "POST") return issueToken(req, res);
    if (path === "/deep-linking/return") return deepLinkingReturn(req, res);
    const asset = /^\/assets\/([\w.-]+)$/.exec(path)?.[1];
    if (asset && asset in SCRIPTS) {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
      res.end(SCRIPTS[asset as keyof typeof SCRIPTS]);
      return;
    }
    if (path === "/dynamic-registration/closed" && req.method === "POST") {
      registrationsClosed += 1;
      res.writeHead(204).end();
      return;
    }
    if (path === "/dynamic-registration" && req.method === "GET") {
      const target = url.searchParams.get("url") ?? "";
      if (!/^https?:\/\//.test(target))
        return html(res, 400, errorPage("url must be the tool's registration URL"));
      return html(
        res,
        200,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Register a tool</title><script src="/assets/registration.js"></script></head><body><p id="status">Registering</p><iframe name="lti-registration" title="Tool registration" src="${escapeHtml(target)}" width="800" height="600"></iframe></body></html>`,
      );
    }
    if (path === "/storage-frame") {
      const target = url.searchParams.get("target") ?? "_parent";
      return html(
        res,
        200,
        `<!doctype html><html lang="en" data-storage-target="${escapeHtml(target)}"><head><meta charset="utf-8"><title>Storage</title><script src="/assets/lti-storage.js"></script></head><body></body></html>`,
      );
    }
    const launchId = /^\/launch\/([\w-]+)$/.exec(path)?.[1];
    if (launchId && req.method === "GET") {
      const launch = launches.get(launchId);
      if (!launch) return html(res, 404, errorPage("no such launch"));
      return html(res, 200, launchPage(launch));
    }
    const contextPath =
      /^\/contexts\/([^/]+)\/(lineitems|memberships)(?:\/([^/]+)(?:\/(scores|results))?)?$/.exec(path);
    if (contextPath) {
      const [, rawContext, kind, lineItem, sub] = contextPath;
      const contextId = decodeURIComponent(rawContext as string);
      if (kind === "memberships" && !lineItem) return membershipsRoute(req, res, url, contextId);
      if (kind === "lineitems" && !lineItem) return lineItemsRoute(req, res, url, contextId);
      if (kind === "lineitems" && sub === "scores") return scoresRoute(req, res, url);
      if (kind === "lineitems" && sub === "results") return resultsRoute(req, res, url);
      if (kind === "lineitems" && !sub) return lineItemRoute(req, res, url);
    }
    throw new HttpError(404, { error: `no route for ${req.method} ${path}` });
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", issuer);
    res.on("finish", () =>
      requests.push({ method: req.method ?? "", path: url.pathname, status: res.statusCode }),
    );
    route(req, res, url).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) {
        res.writeHead(error.status, { "Content-Type": "application/json", ...error.headers });
        res.end(JSON.stringify(error.body));
        return;
      }
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: (error as Error).message }));
    });
  });

  return {
    issuer,
    urls,
    get kid() {
      return currentKey().kid;
    },
    sign(claims, { kid } = {}) {
      const key = currentKey();
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: kid ?? key.kid, typ: "JWT" })
        .sign(key.privateKey);
    },
    async rotateKey({ retirePrevious = false } = {}) {
      if (retirePrevious) for (const k of keys) k.retired = true;
      keys.push(await newSigningKey());
      return currentKey().kid;
    },
    register,
    dynamicRegistration(toolRegisterUrl) {
      const registrationToken = randomId(32);
      registrationTokens.set(registrationToken, now() + registrationTokenTtl * 1000);
      const url = new URL(toolRegisterUrl);
      url.searchParams.set("openid_configuration", urls.openidConfiguration);
      url.searchParams.set("registration_token", registrationToken);
      return {
        url: url.href,
        registrationToken,
        pageUrl: `${issuer}/dynamic-registration?url=${encodeURIComponent(url.href)}`,
      };
    },
    registrations,
    get registrationsClosed() {
      return registrationsClosed;
    },
    loginInitiation,
    launchUrl(launch) {
      return `${issuer}/launch/${loginInitiation(launch).launchId}`;
    },
    enroll,
    members: (contextId) => [...(courses.get(contextId)?.members.values() ?? [])],
    lineItemsUrl,
    membershipsUrl,
    createLineItem,
    lineItems: (contextId) =>
      [...lineItemsById.values()].filter((i) => !contextId || i.contextId === contextId),
    scores,
    idTokens,
    deepLinkReturns,
    resourceLinks,
    tokensIssued,
    requests,
    get jwksFetches() {
      return requests.filter((r) => r.path === "/jwks" && r.method === "GET").length;
    },
    failNext(endpoint, { status, times = 1, retryAfter }) {
      failures.set(endpoint, { status, times, retryAfter });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
