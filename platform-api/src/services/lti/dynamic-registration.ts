import {
  CreateLtiRegistrationRequest,
  type DynamicLtiRegistrationRequest,
  type LtiRegistration,
} from "@codeground/sdk";
import { z } from "zod";
import { ApiError, fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import type { RateLimit } from "../shared/throttle.js";
import { refuse } from "./lti-refusal.js";
import {
  fetchFromPlatform,
  PlatformFetchError,
  type PlatformFetchPolicy,
  platformJson,
  safeUrl,
} from "./platform-fetch.js";
import type { Registrations } from "./registrations.js";

const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";
/** What the tool asks for: grade passback (AGS) and the roster (NRPS). */
export const TOOL_SCOPES = [
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
] as const;
const CONFIG_MAX_BYTES = 256 * 1024;
/** Registration pages and registrations per ten minutes, per client address and per user. */
export const DYNAMIC_REGISTRATIONS_PER_WINDOW = 30;

const HttpUrl = z
  .string()
  .max(2048)
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "an http(s) URL");

/** The platform's OpenID configuration (LTI Dynamic Registration §3.4.1), what the tool uses of it. */
const PlatformConfiguration = z.looseObject({
  issuer: HttpUrl,
  authorization_endpoint: HttpUrl,
  token_endpoint: HttpUrl,
  jwks_uri: HttpUrl,
  registration_endpoint: HttpUrl,
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIGURATION]: z
    .looseObject({
      product_family_code: z.string().max(200).optional(),
      version: z.string().max(100).optional(),
    })
    .optional(),
});
export type PlatformConfiguration = z.infer<typeof PlatformConfiguration>;

const RegistrationAnswer = z.looseObject({
  client_id: z.string().min(1).max(255),
  [TOOL_CONFIGURATION]: z.looseObject({ deployment_id: z.string().min(1).max(255).optional() }).optional(),
});

/** A refusal of dynamic registration: HTTP status, reason for the audit entry, message for the admin. */
class DynamicRefusal extends Error {
  constructor(
    readonly status: 400 | 502,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * LTI Dynamic Registration 1.0: the platform's administrator opens the tool's registration URL
 * (`/lti/register?openid_configuration=…&registration_token=…`); the tool reads the platform's
 * OpenID configuration (its issuer must be the configuration URL's origin), posts its client
 * registration (RFC 7591 with the LTI tool configuration) with the registration token as bearer,
 * and keeps the answer as a registration owned by the signed-in Codeground user.
 */
export function createDynamicRegistration({
  registrations,
  audit,
  publicUrl,
  http,
  limit,
}: {
  registrations: Registrations;
  audit: AuditLog;
  publicUrl: string;
  http: PlatformFetchPolicy;
  /**
   * Each page and registration makes the server fetch a URL the visitor chose: counted per client
   * address (pages) and per user (registrations), so nobody uses the tool as a fetching machine.
   */
  limit?: RateLimit;
}) {
  const base = publicUrl.replace(/\/+$/, "");
  const { tool } = registrations;

  /** The client registration request (Dynamic Registration §3.5.2). */
  const clientRegistration = () => ({
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: tool.loginUrl,
    redirect_uris: [tool.launchUrl],
    client_name: "Codeground",
    jwks_uri: tool.jwksUrl,
    token_endpoint_auth_method: "private_key_jwt",
    scope: TOOL_SCOPES.join(" "),
    [TOOL_CONFIGURATION]: {
      domain: new URL(base).host,
      target_link_uri: tool.launchUrl,
      description: "Coding exercises with a judge and an AI tutor; grades go back to the LMS.",
      claims: ["iss", "sub", "name", "given_name", "family_name"],
      messages: [
        { type: "LtiResourceLinkRequest", target_link_uri: tool.launchUrl },
        { type: "LtiDeepLinkingRequest", target_link_uri: tool.launchUrl, label: "Codeground" },
      ],
    },
  });

  function fromFetch(err: unknown, what: string): never {
    if (err instanceof PlatformFetchError) {
      throw new DynamicRefusal(err.kind === "not_allowed" ? 400 : 502, `${what}_${err.kind}`, err.message);
    }
    throw err;
  }

  async function configuration(url: string): Promise<PlatformConfiguration> {
    let body: unknown;
    try {
      const res = await fetchFromPlatform(
        url,
        { headers: { Accept: "application/json" }, maxBytes: CONFIG_MAX_BYTES },
        http,
        "The platform's OpenID configuration",
      );
      if (res.status !== 200) {
        throw new DynamicRefusal(
          502,
          "configuration_status",
          `The platform's OpenID configuration (${safeUrl(url)}) answered ${res.status}.`,
        );
      }
      body = platformJson(res, "The platform's OpenID configuration");
    } catch (err) {
      fromFetch(err, "configuration");
    }
    const parsed = PlatformConfiguration.safeParse(body);
    if (!parsed.success) {
      throw new DynamicRefusal(
        502,
        "configuration_invalid",
        "The platform's OpenID configuration lacks an issuer, or its authorization, token, JWKS or registration endpoint.",
      );
    }
    const config = parsed.data;
    // Dynamic Registration §3.5.1: the configuration must come from its issuer's own site.
    if (new URL(config.issuer).origin !== new URL(url).origin) {
      throw new DynamicRefusal(
        400,
        "issuer_mismatch",
        `The platform's OpenID configuration names the issuer ${config.issuer}, which is not the site it was read from (${new URL(url).origin}); the registration is refused.`,
      );
    }
    const methods = config.token_endpoint_auth_methods_supported;
    if (methods && !methods.includes("private_key_jwt")) {
      throw new DynamicRefusal(
        400,
        "unsupported_platform",
        "The platform does not accept signed client assertions (private_key_jwt), which LTI 1.3 services need.",
      );
    }
    const algs = config.id_token_signing_alg_values_supported;
    if (algs && !algs.includes("RS256")) {
      throw new DynamicRefusal(
        400,
        "unsupported_platform",
        "The platform does not sign id_tokens with RS256.",
      );
    }
    return config;
  }

  async function postRegistration(config: PlatformConfiguration, token: string | undefined) {
    let res: Awaited<ReturnType<typeof fetchFromPlatform>>;
    try {
      res = await fetchFromPlatform(
        config.registration_endpoint,
        {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(clientRegistration()),
          maxBytes: CONFIG_MAX_BYTES,
        },
        http,
        "The platform's registration endpoint",
      );
    } catch (err) {
      fromFetch(err, "registration");
    }
    if (res.status === 401 || res.status === 403) {
      throw new DynamicRefusal(
        400,
        "registration_token_refused",
        `The platform refused the registration token (${res.status}). It is single use and short-lived: start the registration again from the LMS.`,
      );
    }
    if (res.status !== 200 && res.status !== 201) {
      const code = /"error"\s*:\s*"([a-z_]{1,60})"/.exec(res.text)?.[1];
      throw new DynamicRefusal(
        502,
        "registration_failed",
        `The platform did not accept the registration (${res.status}${code ? `: ${code}` : ""}).`,
      );
    }
    let answer: unknown;
    try {
      answer = platformJson(res, "The platform's registration endpoint");
    } catch (err) {
      fromFetch(err, "registration");
    }
    const parsed = RegistrationAnswer.safeParse(answer);
    if (!parsed.success) {
      throw new DynamicRefusal(
        502,
        "registration_invalid",
        "The platform's registration answer has no client_id.",
      );
    }
    return parsed.data;
  }

  async function refused(err: DynamicRefusal, url: string, actorId: string | null, meta: RequestMeta) {
    await audit.record({
      action: "lti.dynamic_registration_refused",
      ...(actorId ? { actorId } : { actorType: "anonymous" as const }),
      details: { reason: err.reason, status: err.status, openidConfiguration: safeUrl(url) },
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      requestId: meta.requestId ?? null,
    });
  }

  return {
    /**
     * The platform's configuration, checked, for the registration page shown in the LMS; a
     * refusal is an `LtiRefusal` (an error page, with its audit entry written by the page's route).
     */
    async preview(url: string, clientAddress: string): Promise<PlatformConfiguration> {
      await limit?.consume(`page:${clientAddress}`, DYNAMIC_REGISTRATIONS_PER_WINDOW);
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        throw refuse(
          400,
          "bad_openid_configuration",
          "Open this page from your LMS's tool registration: it needs the platform's openid_configuration URL.",
        );
      }
      try {
        return await configuration(url);
      } catch (err) {
        if (err instanceof DynamicRefusal) throw refuse(err.status, err.reason, err.message);
        throw err;
      }
    },

    /** Registers the tool with the platform and keeps the registration, owned by `principal`. */
    async register(
      principal: Principal,
      input: z.output<typeof DynamicLtiRegistrationRequest>,
      meta: RequestMeta,
    ): Promise<LtiRegistration> {
      await limit?.consume(`user:${principal.user.id}`, DYNAMIC_REGISTRATIONS_PER_WINDOW);
      try {
        const config = await configuration(input.openidConfiguration);
        const answer = await postRegistration(config, input.registrationToken);
        const deploymentId = answer[TOOL_CONFIGURATION]?.deployment_id;
        if (!deploymentId) {
          throw new DynamicRefusal(
            502,
            "no_deployment_id",
            `The platform registered Codeground (client id ${answer.client_id}) but named no deployment id. Add the registration by hand on Codeground's LTI page with the deployment id your LMS shows.`,
          );
        }
        const platform = config[PLATFORM_CONFIGURATION]?.product_family_code;
        const request = CreateLtiRegistrationRequest.safeParse({
          name: `${platform ?? new URL(config.issuer).host} (dynamic registration)`.slice(0, 200),
          issuer: config.issuer,
          clientId: answer.client_id,
          deploymentIds: [deploymentId],
          authLoginUrl: config.authorization_endpoint,
          authTokenUrl: config.token_endpoint,
          keysetUrl: config.jwks_uri,
        });
        if (!request.success) {
          throw new DynamicRefusal(
            502,
            "registration_invalid",
            "The platform's registration answer could not be kept.",
          );
        }
        const registration = await registrations.create(principal, request.data, meta);
        await audit.record({
          action: "lti.registered_dynamically",
          actorId: principal.user.id,
          targetType: "lti_registration",
          targetId: registration.id,
          details: {
            issuer: registration.issuer,
            clientId: registration.clientId,
            platform: platform ?? null,
          },
          ip: meta.ip ?? null,
          userAgent: meta.userAgent ?? null,
          requestId: meta.requestId ?? null,
        });
        return registration;
      } catch (err) {
        if (err instanceof DynamicRefusal) {
          await refused(err, input.openidConfiguration, principal.user.id, meta);
          throw err.status === 400
            ? fail.validation(`lti_${err.reason}`, err.message)
            : new ApiError(502, "external_service", `lti_${err.reason}`, err.message);
        }
        if (err instanceof ApiError) {
          await refused(
            new DynamicRefusal(400, err.code, err.message),
            input.openidConfiguration,
            principal.user.id,
            meta,
          );
        }
        throw err;
      }
    },
  };
}

export type DynamicRegistration = ReturnType<typeof createDynamicRegistration>;
