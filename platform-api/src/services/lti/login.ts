import { createHash, randomBytes } from "node:crypto";
import type { Knex } from "knex";
import { z } from "zod";
import { type Clock, iso } from "../shared/clock.js";
import { refuse } from "./lti-refusal.js";
import type { PlatformRegistration, Registrations } from "./registrations.js";

/** How long a login may take to come back as a launch. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The name of the partitioned cookie that binds one login's state to the browser that started it. */
export const stateCookieName = (state: string) => `cg_lti_${sha256(state).slice(0, 16)}`;

/** Third-party initiated login's parameters (query string or form post), as the platform sends them. */
export const LoginParams = z.object({
  iss: z.string().min(1).max(255),
  login_hint: z.string().min(1).max(2048),
  target_link_uri: z.string().min(1).max(2048),
  lti_message_hint: z.string().max(4096).optional(),
  client_id: z.string().min(1).max(255).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
  lti_storage_target: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/)
    .optional(),
});
export type LoginParams = z.infer<typeof LoginParams>;

/** What the login answers: where to send the browser, and how to bind state and nonce to it. */
export interface LoginStart {
  registration: PlatformRegistration;
  /** The platform's auth endpoint with the OIDC authentication request in its query. */
  redirectUrl: string;
  state: string;
  nonce: string;
  /** `storage`: put state and nonce into the platform's storage frame first (`lti_storage_target`). */
  binding: "cookie" | "storage";
  storageTarget?: string;
  /** The origin the platform's storage frame answers from: the auth endpoint's. */
  platformOrigin: string;
}

/**
 * OIDC third-party initiated login: checks the platform and target, stores the state and nonce
 * (hashed) for the launch, and builds the authentication request to the platform.
 */
export function createLtiLogin({
  db,
  clock,
  registrations,
  publicUrl,
}: {
  db: Knex;
  clock: Clock;
  registrations: Registrations;
  publicUrl: string;
}) {
  const ownOrigin = new URL(publicUrl).origin;
  const launchUrl = `${publicUrl.replace(/\/+$/, "")}/lti/launch`;

  return {
    launchUrl,

    async start(raw: unknown): Promise<LoginStart> {
      const parsed = LoginParams.safeParse(raw);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
        throw refuse(
          400,
          "login_bad_request",
          `The platform's login request is missing or has invalid parameters (${fields}). It needs iss, login_hint and target_link_uri.`,
        );
      }
      const p = parsed.data;
      const registration = await registrations.byIssuer(p.iss, p.client_id);
      if (registration === "ambiguous") {
        throw refuse(
          400,
          "login_ambiguous_platform",
          "This platform is registered with Codeground more than once; its login must send client_id.",
        );
      }
      if (!registration) {
        throw refuse(
          400,
          "login_unknown_platform",
          "This platform (issuer and client id) is not registered with Codeground. Ask your Codeground contact to register it, then launch again.",
        );
      }
      if (p.lti_deployment_id !== undefined && !registration.deploymentIds.includes(p.lti_deployment_id)) {
        throw refuse(
          403,
          "login_unknown_deployment",
          "This deployment of the tool is not registered with Codeground; add its deployment id to the registration.",
          registration.id,
        );
      }
      const target = URL.canParse(p.target_link_uri) ? new URL(p.target_link_uri) : undefined;
      if (!target || target.origin !== ownOrigin) {
        throw refuse(
          400,
          "login_foreign_target",
          "The launch's target link is not a Codeground address; check the tool's target link URI in the platform.",
          registration.id,
        );
      }
      const state = randomBytes(32).toString("base64url");
      const nonce = randomBytes(32).toString("base64url");
      const binding = p.lti_storage_target ? "storage" : "cookie";
      const at = clock.now();
      await db("lti_login_states").insert({
        state_hash: sha256(state),
        nonce_hash: sha256(nonce),
        registration_id: registration.id,
        deployment_id: p.lti_deployment_id ?? null,
        target_link_uri: target.toString(),
        binding,
        storage_target: p.lti_storage_target ?? null,
        created_at: iso(at),
        expires_at: iso(at + LOGIN_STATE_TTL_MS),
      });
      // Logins that never came back are of no use; swept as new ones come.
      await db("lti_login_states")
        .where("expires_at", "<", iso(at - LOGIN_STATE_TTL_MS))
        .delete();

      const auth = new URL(registration.authLoginUrl);
      const query: Record<string, string> = {
        scope: "openid",
        response_type: "id_token",
        response_mode: "form_post",
        prompt: "none",
        client_id: registration.clientId,
        redirect_uri: launchUrl,
        login_hint: p.login_hint,
        state,
        nonce,
        ...(p.lti_message_hint !== undefined ? { lti_message_hint: p.lti_message_hint } : {}),
      };
      for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v);
      return {
        registration,
        redirectUrl: auth.toString(),
        state,
        nonce,
        binding,
        ...(p.lti_storage_target ? { storageTarget: p.lti_storage_target } : {}),
        platformOrigin: auth.origin,
      };
    },
  };
}

export type LtiLogin = ReturnType<typeof createLtiLogin>;
