import { randomBytes, randomUUID } from "node:crypto";
import { type CreateEmbedSessionRequest, EmbedSession, LearnerTokenClaims } from "@codeground/sdk";
import { errors as joseErrors, jwtVerify } from "jose";
import type { Knex } from "knex";
import type { z } from "zod";
import type { Learner } from "../../http/auth.js";
import { fail } from "../../http/errors.js";
import type { RequestMeta } from "../accounts/accounts.js";
import { hashToken, newToken } from "../accounts/tokens.js";
import type { AuditLog } from "../audit/audit.js";
import { recordCourseLearner } from "../courses/course-learners.js";
import { type Clock, iso } from "../shared/clock.js";
import { embedOriginOk } from "./embed-origins.js";
import { createSessionLimits, type SessionLimits, tooManySessions } from "./embed-session-limits.js";
import { configOf, type EmbedRow, type Embeds } from "./embeds.js";

/** How long a learner's bearer token lasts; the frame asks for a new one when it runs out. */
export const EMBED_SESSION_TTL_MS = 2 * 3600 * 1000;
/** A learner token may not live longer than this: the host site mints them per page view. */
const MAX_LEARNER_TOKEN_LIFETIME_S = 24 * 3600;
/** Clock skew tolerated between the host site and us. */
const CLOCK_TOLERANCE_S = 30;

/** A learner, and the origins their embed allows (for the origin check and CORS). */
export interface LearnerAccess {
  learner: Learner;
  allowedOrigins: string[];
}

export interface EmbedSessionDeps {
  db: Knex;
  embeds: Embeds;
  audit: AuditLog;
  clock: Clock;
  /** Our own origin (`PUBLIC_URL`): the embed frames call from it. */
  ownOrigin: string;
  /** Sessions started per client address and per embed; the defaults, in memory, when absent. */
  limits?: SessionLimits;
  /** Checks the assignment a session asks for: one of the embed's course (404 otherwise). */
  assignments?: { forSession(courseId: string | null, assignmentId: string): Promise<string> };
}

/** Learner sessions inside embeds: anonymous per browser, or named by the host site's learner token. */
export function createEmbedSessions({
  db,
  embeds,
  audit,
  clock,
  ownOrigin,
  limits = createSessionLimits(),
  assignments,
}: EmbedSessionDeps) {
  const refuse = async (
    embed: EmbedRow | undefined,
    reason: string,
    origin: string | undefined,
    meta: RequestMeta,
  ) =>
    audit.record({
      action: "embed.session_refused",
      actorType: "embed",
      actorId: null,
      targetType: embed ? "embed" : null,
      targetId: embed?.id ?? null,
      details: { reason, origin: origin?.slice(0, 300) ?? null },
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      requestId: meta.requestId ?? null,
    });

  /** The learner a host site vouches for, or a 401 saying what is wrong with the token. */
  async function verifyLearnerToken(embed: EmbedRow, token: string) {
    const secret = new TextEncoder().encode(await embeds.signingSecret(embed));
    const nowS = Math.floor(clock.now() / 1000);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, secret, {
        algorithms: ["HS256"],
        requiredClaims: ["sub", "exp"],
        currentDate: new Date(clock.now()),
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (err) {
      return { ok: false as const, ...learnerTokenProblem(err) };
    }
    const claims = LearnerTokenClaims.safeParse(payload);
    if (!claims.success) {
      return {
        ok: false as const,
        reason: "bad_claims",
        message: `The learner token's claims are not valid: ${claims.error.issues.map((i) => i.message).join("; ")}.`,
      };
    }
    if (claims.data.exp > nowS + MAX_LEARNER_TOKEN_LIFETIME_S + CLOCK_TOLERANCE_S) {
      return {
        ok: false as const,
        reason: "exp_too_far",
        message:
          "The learner token expires more than 24 hours from now; mint short-lived tokens (exp ≤ 24 h).",
      };
    }
    const aud = (payload as { aud?: unknown }).aud;
    if (aud !== undefined && ![aud].flat().includes(embed.publishable_key)) {
      return {
        ok: false as const,
        reason: "wrong_audience",
        message:
          "The learner token's aud claim names another embed; use this embed's publishable key or leave aud out.",
      };
    }
    return { ok: true as const, sub: claims.data.sub, name: claims.data.name };
  }

  return {
    /**
     * Starts a learner session for the embed a publishable key names, from one of its origins.
     * Every refusal is audited: a forged origin or a bad token is worth knowing about.
     */
    async create(
      publishableKey: string,
      origin: string | undefined,
      input: z.output<typeof CreateEmbedSessionRequest>,
      meta: RequestMeta,
    ): Promise<EmbedSession> {
      // Counted before anything is read: a flood of made-up keys costs no queries either. Only
      // the first refusal of a window is audited, so a flood does not fill the audit log.
      const fromAddress = await limits.fromAddress(meta.ip || "unknown");
      if (!fromAddress.allowed) {
        if (fromAddress.first) await refuse(undefined, "too_many_sessions_from_address", origin, meta);
        throw tooManySessions(fromAddress.retryAfterSeconds, "address");
      }
      const embed = publishableKey ? await embeds.byPublishableKey(publishableKey) : undefined;
      if (!embed) {
        await refuse(undefined, "unknown_key", origin, meta);
        throw fail.authentication(
          "invalid_embed_key",
          "Send the embed's publishable key (pk_…) in X-Embed-Key; this one is missing or unknown.",
        );
      }
      const config = configOf(embed);
      if (!origin) {
        await refuse(embed, "origin_missing", origin, meta);
        throw fail.authorization(
          "origin_required",
          "Embed requests must come from a browser page on one of the embed's allowed origins (no Origin header was sent).",
        );
      }
      if (!embedOriginOk(origin, config.allowedOrigins, ownOrigin)) {
        await refuse(embed, "origin_not_allowed", origin, meta);
        throw fail.authorization(
          "origin_not_allowed",
          `This embed is not allowed on ${origin.slice(0, 300)}; its owner can add the origin in the embed's settings.`,
        );
      }
      const forEmbed = await limits.forEmbed(embed.id);
      if (!forEmbed.allowed) {
        if (forEmbed.first) await refuse(embed, "too_many_sessions_for_embed", origin, meta);
        throw tooManySessions(forEmbed.retryAfterSeconds, "embed");
      }

      let learnerRef: string;
      let displayName: string | null = null;
      let anonymousId: string | undefined;
      if (input.learnerToken !== undefined) {
        const verified = await verifyLearnerToken(embed, input.learnerToken);
        if (!verified.ok) {
          await refuse(embed, `learner_token_${verified.reason}`, origin, meta);
          throw fail.authentication("invalid_learner_token", verified.message);
        }
        learnerRef = `sub:${verified.sub}`;
        displayName = verified.name ?? null;
      } else {
        anonymousId = input.anonymousId ?? randomBytes(16).toString("base64url");
        learnerRef = `anon:${anonymousId}`;
      }

      let assignmentId: string | null = null;
      if (input.assignment !== undefined) {
        if (!assignments)
          throw fail.notFound("assignment_not_found", "This embed's course has no such assignment.");
        assignmentId = await assignments.forSession(embed.course_id, input.assignment);
      }

      const token = newToken("cgl");
      const at = clock.now();
      const expiresAt = iso(at + EMBED_SESSION_TTL_MS);
      await db("embed_sessions").insert({
        id: randomUUID(),
        embed_id: embed.id,
        learner_ref: learnerRef,
        display_name: displayName,
        token_hash: hashToken(token),
        created_at: iso(at),
        expires_at: expiresAt,
        assignment_id: assignmentId,
      });
      // The course keeps its learners (its gradebook's rows) when their sessions are swept.
      if (embed.course_id) {
        await recordCourseLearner(db, { courseId: embed.course_id, learnerRef, displayName, at: iso(at) });
      }
      // Expired sessions of this embed are of no further use; sweep them as new ones come.
      await db("embed_sessions").where({ embed_id: embed.id }).where("expires_at", "<=", iso(at)).delete();
      return EmbedSession.parse({
        token,
        expiresAt,
        learner: { ref: learnerRef, displayName, ...(anonymousId ? { anonymousId } : {}) },
        embed: {
          id: embed.id,
          features: config.features,
          problems: config.problems,
          tutorPolicy: config.tutorPolicy,
        },
        assignmentId,
      });
    },

    /**
     * A learner session for a learner another part of the API vouched for (an LTI launch whose
     * id_token verified): no publishable key, origin or learner token to check here.
     */
    async startVouched(input: {
      embedId: string;
      learnerRef: string;
      displayName: string | null;
      assignmentId: string | null;
    }): Promise<{ token: string; expiresAt: string }> {
      const token = newToken("cgl");
      const at = clock.now();
      const expiresAt = iso(at + EMBED_SESSION_TTL_MS);
      await db("embed_sessions").insert({
        id: randomUUID(),
        embed_id: input.embedId,
        learner_ref: input.learnerRef,
        display_name: input.displayName,
        token_hash: hashToken(token),
        created_at: iso(at),
        expires_at: expiresAt,
        assignment_id: input.assignmentId,
      });
      const embed = await db("embeds").where({ id: input.embedId }).first("course_id");
      if (embed?.course_id) {
        await recordCourseLearner(db, {
          courseId: embed.course_id,
          learnerRef: input.learnerRef,
          displayName: input.displayName,
          at: iso(at),
        });
      }
      return { token, expiresAt };
    },

    /** Resolves a learner bearer token (`cgl_…`), or undefined when it is unknown or expired. */
    async authenticate(token: string): Promise<LearnerAccess | undefined> {
      const row = await db("embed_sessions")
        .join("embeds", "embeds.id", "embed_sessions.embed_id")
        .where("embed_sessions.token_hash", hashToken(token))
        .first<
          EmbedRow & {
            session_id: string;
            learner_ref: string;
            display_name: string | null;
            session_expires_at: string;
            session_assignment_id: string | null;
          }
        >(
          "embeds.*",
          "embed_sessions.id as session_id",
          "embed_sessions.learner_ref",
          "embed_sessions.display_name",
          "embed_sessions.expires_at as session_expires_at",
          "embed_sessions.assignment_id as session_assignment_id",
        );
      if (!row || row.session_expires_at <= iso(clock.now())) return undefined;
      const config = configOf(row);
      return {
        learner: {
          sessionId: row.session_id,
          embedId: row.id,
          embedOwnerId: row.owner_id,
          learnerRef: row.learner_ref,
          ...(row.display_name ? { displayName: row.display_name } : {}),
          problems: config.problems,
          executionsPerMinute: config.executionsPerMinute,
          features: config.features,
          hourlyLimits: config.hourlyLimits,
          courseId: row.course_id ?? null,
          assignmentId: row.session_assignment_id ?? null,
        },
        allowedOrigins: config.allowedOrigins,
      };
    },
  };
}

export type EmbedSessions = ReturnType<typeof createEmbedSessions>;

/** What is wrong with a learner token, in words the host site's developer can act on. */
function learnerTokenProblem(err: unknown): { reason: string; message: string } {
  if (err instanceof joseErrors.JWTExpired) {
    return {
      reason: "expired",
      message: "The learner token has expired; mint a fresh one for each page view.",
    };
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === "nbf") {
      return {
        reason: "not_yet_valid",
        message: "The learner token is not valid yet (its nbf is in the future).",
      };
    }
    return {
      reason: `bad_${err.claim}`,
      message: `The learner token's "${err.claim}" claim is missing or not valid; it needs sub and exp.`,
    };
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported) {
    return {
      reason: "wrong_algorithm",
      message: "Sign learner tokens with HS256 and the embed's secret key; other algorithms are refused.",
    };
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return {
      reason: "bad_signature",
      message:
        "The learner token's signature does not verify; sign it with this embed's current secret key (sk_…).",
    };
  }
  return {
    reason: "malformed",
    message: "The learner token is not a valid JWT (HS256, signed with the embed's secret key).",
  };
}
