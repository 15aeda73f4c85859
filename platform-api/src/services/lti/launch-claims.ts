import type { JWTPayload } from "jose";
import { refuse } from "./lti-refusal.js";
import type { PlatformRegistration } from "./registrations.js";
import { type CourseRoleFromLti, courseRoleOf } from "./roles.js";

const CLAIM = "https://purl.imsglobal.org/spec/lti/claim/";
const DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/";
const AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
const NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

export const LTI_MESSAGE_TYPES = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;
export type LtiMessageType = (typeof LTI_MESSAGE_TYPES)[number];

/**
 * A launch whose id_token verified and whose every check passed: what deep linking, grade
 * passback (AGS) and roster sync (NRPS) build on. `claims` is the whole verified payload.
 */
export interface ValidatedLaunch {
  registration: PlatformRegistration;
  deploymentId: string;
  messageType: LtiMessageType;
  /** The platform's id of the person launching. */
  sub: string;
  name: string | null;
  /** The LTI role URIs as sent, and the course role they map to (null: none we map). */
  roles: string[];
  courseRole: CourseRoleFromLti | null;
  context: { id: string; title: string | null; label: string | null };
  resourceLink: { id: string; title: string | null } | null;
  targetLinkUri: string;
  /** `custom` claim: string values only. */
  custom: Record<string, string>;
  /** Deep linking: where to post the response, and what the platform accepts. */
  deepLinkingSettings: Record<string, unknown> | null;
  /** AGS endpoint claim (scopes, lineitems, lineitem), as sent. */
  ags: Record<string, unknown> | null;
  /** NRPS claim (context_memberships_url, service_versions), as sent. */
  nrps: Record<string, unknown> | null;
  /**
   * The origin of the LMS page the tool is shown in (`launch_presentation.return_url`), when the
   * platform says: the one site allowed to frame what the launch shows.
   */
  lmsOrigin: string | null;
  /**
   * The user's language as the platform says it (`launch_presentation.locale`, else the OpenID
   * `locale` claim), as a language tag (`en_US` becomes `en-US`); null when absent or malformed.
   */
  locale: string | null;
  /** When the id_token expires (epoch seconds). */
  expiresAt: number;
  claims: JWTPayload;
}

const asString = (v: unknown) => (typeof v === "string" ? v : null);
const asRecord = (v: unknown) =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** A language tag as platforms send it (`es`, `pt-BR`, Moodle's `en_us`), or null. */
function localeOf(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 35) return null;
  const tag = value.replace(/_/g, "-");
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag) ? tag : null;
}

/** An http(s) URL's origin, or null. */
function originOf(value: unknown): string | null {
  if (typeof value !== "string" || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
}

/**
 * The LTI claims of a verified id_token (signature, iss, aud, azp, exp, iat and nonce already
 * checked): the version, the message type, a registered deployment (the one the login named, if
 * it named one), a target link of ours, a context; read into a `ValidatedLaunch`.
 */
export function launchFromClaims(
  claims: JWTPayload,
  {
    registration,
    loginDeploymentId,
    ownOrigin,
  }: { registration: PlatformRegistration; loginDeploymentId: string | null; ownOrigin: string },
): ValidatedLaunch {
  const version = claims[`${CLAIM}version`];
  if (version !== "1.3.0") {
    throw refuse(400, "wrong_version", "The launch is not an LTI 1.3.0 message.", registration.id);
  }
  const messageType = claims[`${CLAIM}message_type`];
  if (!LTI_MESSAGE_TYPES.includes(messageType as LtiMessageType)) {
    throw refuse(
      400,
      "wrong_message_type",
      "The tool takes resource link and deep linking launches only.",
      registration.id,
    );
  }
  const deploymentId = asString(claims[`${CLAIM}deployment_id`]);
  if (!deploymentId || !registration.deploymentIds.includes(deploymentId)) {
    throw refuse(
      403,
      "unknown_deployment",
      "This deployment of the tool is not registered with Codeground; add its deployment id to the registration.",
      registration.id,
    );
  }
  if (loginDeploymentId !== null && loginDeploymentId !== deploymentId) {
    throw refuse(
      403,
      "deployment_changed",
      "The launch names another deployment than its login did.",
      registration.id,
    );
  }
  const targetLinkUri = asString(claims[`${CLAIM}target_link_uri`]);
  if (!targetLinkUri || !URL.canParse(targetLinkUri) || new URL(targetLinkUri).origin !== ownOrigin) {
    throw refuse(
      400,
      "foreign_target",
      "The launch's target link is not a Codeground address.",
      registration.id,
    );
  }
  const context = asRecord(claims[`${CLAIM}context`]);
  const contextId = asString(context?.id);
  if (!contextId || contextId.length > 255) {
    throw refuse(
      400,
      "context_missing",
      "The launch names no course (context); launch the tool from inside a course.",
      registration.id,
    );
  }
  const link = asRecord(claims[`${CLAIM}resource_link`]);
  if (messageType === "LtiResourceLinkRequest" && !asString(link?.id)) {
    throw refuse(
      400,
      "resource_link_missing",
      "A resource link launch must name its resource link.",
      registration.id,
    );
  }
  const roles = Array.isArray(claims[`${CLAIM}roles`])
    ? (claims[`${CLAIM}roles`] as unknown[]).filter((r): r is string => typeof r === "string")
    : [];
  const custom = Object.fromEntries(
    Object.entries(asRecord(claims[`${CLAIM}custom`]) ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
  return {
    registration,
    deploymentId,
    messageType: messageType as LtiMessageType,
    sub: String(claims.sub),
    name: asString(claims.name)?.slice(0, 200) ?? null,
    roles,
    courseRole: courseRoleOf(roles),
    context: {
      id: contextId,
      title: asString(context?.title)?.slice(0, 200) ?? null,
      label: asString(context?.label)?.slice(0, 200) ?? null,
    },
    resourceLink: asString(link?.id)
      ? { id: String(link?.id), title: asString(link?.title)?.slice(0, 200) ?? null }
      : null,
    targetLinkUri,
    custom,
    deepLinkingSettings: asRecord(claims[`${DL_CLAIM}deep_linking_settings`]),
    ags: asRecord(claims[AGS_CLAIM]),
    nrps: asRecord(claims[NRPS_CLAIM]),
    lmsOrigin: originOf(asRecord(claims[`${CLAIM}launch_presentation`])?.return_url),
    locale: localeOf(asRecord(claims[`${CLAIM}launch_presentation`])?.locale) ?? localeOf(claims.locale),
    expiresAt: Number(claims.exp),
    claims,
  };
}
