import { decodeJwt, decodeProtectedHeader, type JWTPayload, errors as joseErrors, jwtVerify } from "jose";
import type { Knex } from "knex";
import { type Clock, iso } from "../shared/clock.js";
import { launchFromClaims, type ValidatedLaunch } from "./launch-claims.js";
import { sha256, stateCookieName } from "./login.js";
import { LtiRefusal, refuse } from "./lti-refusal.js";
import type { PlatformKeys } from "./platform-keys.js";
import { PlatformKeysError } from "./platform-keys.js";
import type { PlatformRegistration, Registrations } from "./registrations.js";

/** Clock skew tolerated between the platform and us. */
const CLOCK_TOLERANCE_S = 60;
/** An id_token issued longer ago than this is refused even before its exp. */
const MAX_TOKEN_AGE_S = 10 * 60;

/** What the launch form post carries, and how the browser proves it started the login. */
export interface LaunchInput {
  idToken: string | undefined;
  state: string | undefined;
  /** The request's cookies, by name. */
  cookie(name: string): string | undefined;
  /** The nonce the launch page read back from the platform's storage (second post of a storage-bound launch). */
  storageNonce?: string | undefined;
}

export type LaunchCheck =
  | { kind: "launch"; launch: ValidatedLaunch }
  /** Storage-bound: the page must read the nonce from the platform's storage and post again. */
  | {
      kind: "read_storage";
      registration: PlatformRegistration;
      platformOrigin: string;
      storageTarget: string;
    };

interface StateRow {
  state_hash: string;
  nonce_hash: string;
  registration_id: string;
  deployment_id: string | null;
  target_link_uri: string;
  binding: "cookie" | "storage";
  storage_target: string | null;
  expires_at: string;
}

/** What is wrong with an id_token, in words for the platform's administrator. */
function tokenProblem(err: unknown, registrationId: string): LtiRefusal {
  const r = (reason: string, message: string, status: 400 | 401 = 401) =>
    refuse(status, reason, message, registrationId);
  if (err instanceof LtiRefusal) return err;
  if (err instanceof PlatformKeysError)
    return refuse(502, "platform_keys_unavailable", err.message, registrationId);
  if (err instanceof joseErrors.JWTExpired)
    return r("token_expired", "The launch has expired; launch the tool again from the course.");
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === "iss")
      return r("wrong_issuer", "The launch was issued by another platform than the one registered.");
    if (err.claim === "aud")
      return r(
        "wrong_audience",
        "The launch is meant for another tool (its audience is not this registration's client id).",
      );
    if (err.claim === "iat" || err.claim === "nbf")
      return r("bad_issued_at", "The launch's issue time is not valid; check the platform's clock.");
    return r(`bad_${err.claim}`, `The launch's "${err.claim}" claim is missing or not valid.`, 400);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported) {
    return r("wrong_algorithm", "The launch must be signed with RS256; other algorithms are refused.");
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey) {
    return r("unknown_key", "The launch is signed with a key the platform's JWKS does not publish.");
  }
  if (err instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return r(
      "ambiguous_key",
      "The platform's JWKS publishes several keys matching the launch; give each a kid.",
    );
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return r("bad_signature", "The launch's signature does not verify against the platform's keys.");
  }
  return r("malformed_token", "The launch's id_token is not a valid signed JWT.", 400);
}

/**
 * Launch validation (`POST /lti/launch`): state and its browser binding, then the id_token's
 * signature against the platform's JWKS (RS256 only), iss, aud, azp, exp, iat, the nonce (once),
 * the deployment, the message type and the version. Returns the validated launch; every failure
 * is an `LtiRefusal`.
 */
export function createLaunchValidator({
  db,
  clock,
  registrations,
  platformKeys,
  publicUrl,
}: {
  db: Knex;
  clock: Clock;
  registrations: Registrations;
  platformKeys: PlatformKeys;
  publicUrl: string;
}) {
  const ownOrigin = new URL(publicUrl).origin;

  /** Whether an id_token's nonce (read without verifying: only to name the refusal) was used already. */
  async function nonceUsed(idToken: string): Promise<boolean> {
    let nonce: unknown;
    try {
      nonce = decodeJwt(idToken).nonce;
    } catch {
      return false;
    }
    if (typeof nonce !== "string") return false;
    return Boolean(
      await db("lti_nonces")
        .where({ nonce_hash: sha256(nonce) })
        .first("nonce_hash"),
    );
  }

  async function stateOf(state: string | undefined, idToken: string | undefined): Promise<StateRow> {
    if (!state || state.length > 200) {
      throw refuse(
        400,
        "state_missing",
        "The launch carries no login state; launch the tool again from the course.",
      );
    }
    const row = await db<StateRow>("lti_login_states")
      .where({ state_hash: sha256(state) })
      .first();
    if (!row && idToken && (await nonceUsed(idToken))) {
      throw refuse(
        401,
        "nonce_replayed",
        "This launch was already used; launch the tool again from the course.",
      );
    }
    if (!row) {
      throw refuse(
        400,
        "state_unknown",
        "This launch's login state is unknown or was already used; launch the tool again from the course.",
      );
    }
    if (row.expires_at <= iso(clock.now())) {
      throw refuse(
        410,
        "state_expired",
        "This launch took too long to come back from the platform; launch the tool again from the course.",
        row.registration_id,
      );
    }
    return row;
  }

  async function verify(idToken: string, registration: PlatformRegistration): Promise<JWTPayload> {
    // Refused before any key is fetched: only RS256 is ever accepted (no `none`, no HS256 with a
    // public key as its secret).
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(idToken).alg;
    } catch {
      throw refuse(
        400,
        "malformed_token",
        "The launch's id_token is not a valid signed JWT.",
        registration.id,
      );
    }
    if (alg !== "RS256") {
      throw refuse(
        401,
        "wrong_algorithm",
        "The launch must be signed with RS256; other algorithms are refused.",
        registration.id,
      );
    }
    const { payload } = await jwtVerify(idToken, platformKeys.resolverFor(registration.keysetUrl), {
      algorithms: ["RS256"],
      issuer: registration.issuer,
      audience: registration.clientId,
      requiredClaims: ["iat", "exp", "nonce", "sub"],
      currentDate: new Date(clock.now()),
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
    });
    return payload;
  }

  return {
    async check(input: LaunchInput): Promise<LaunchCheck> {
      const row = await stateOf(input.state, input.idToken);
      const state = input.state as string;
      const registration = await registrations.byId(row.registration_id);
      if (!registration) {
        throw refuse(400, "state_unknown", "This launch's platform is no longer registered with Codeground.");
      }
      const regId = registration.id;
      if (!input.idToken || input.idToken.length > 64 * 1024) {
        throw refuse(
          400,
          "id_token_missing",
          "The launch carries no id_token; launch the tool again from the course.",
          regId,
        );
      }
      // The browser that posts the launch must be the one that started the login.
      if (row.binding === "storage") {
        if (input.storageNonce === undefined) {
          return {
            kind: "read_storage",
            registration,
            platformOrigin: new URL(registration.authLoginUrl).origin,
            storageTarget: row.storage_target ?? "_parent",
          };
        }
        if (sha256(input.storageNonce) !== row.nonce_hash) {
          throw refuse(
            401,
            "storage_mismatch",
            "This browser did not start this launch (the platform's storage holds another login).",
            regId,
          );
        }
      } else if (input.cookie(stateCookieName(state)) !== state) {
        throw refuse(
          401,
          "browser_mismatch",
          "This browser did not start this launch, or blocked the tool's cookie. Launch the tool again, in a new window if the platform offers it.",
          regId,
        );
      }

      let claims: JWTPayload;
      try {
        claims = await verify(input.idToken, registration);
      } catch (err) {
        throw tokenProblem(err, regId);
      }
      const audiences = [claims.aud].flat();
      if (claims.azp !== undefined && claims.azp !== registration.clientId) {
        throw refuse(
          401,
          "wrong_azp",
          "The launch's authorized party (azp) is not this registration's client id.",
          regId,
        );
      }
      if (audiences.length > 1 && claims.azp === undefined) {
        throw refuse(
          401,
          "missing_azp",
          "The launch names several audiences but no authorized party (azp).",
          regId,
        );
      }
      if (typeof claims.nonce !== "string" || sha256(claims.nonce) !== row.nonce_hash) {
        throw refuse(401, "wrong_nonce", "The launch's nonce is not the one this login sent.", regId);
      }
      // Single use: the state is consumed and the nonce remembered until the token expires.
      const consumed = await db("lti_login_states").where({ state_hash: row.state_hash }).delete();
      const expiresAt = Number(claims.exp);
      try {
        if (consumed !== 1) throw new Error("state already used");
        await db("lti_nonces").insert({
          nonce_hash: sha256(claims.nonce),
          used_at: iso(clock.now()),
          expires_at: iso((expiresAt + CLOCK_TOLERANCE_S) * 1000),
        });
      } catch {
        throw refuse(
          401,
          "nonce_replayed",
          "This launch was already used; launch the tool again from the course.",
          regId,
        );
      }
      await db("lti_nonces").where("expires_at", "<", iso(clock.now())).delete();

      return {
        kind: "launch",
        launch: launchFromClaims(claims, {
          registration,
          loginDeploymentId: row.deployment_id,
          ownOrigin,
        }),
      };
    },
  };
}

export type LaunchValidator = ReturnType<typeof createLaunchValidator>;
