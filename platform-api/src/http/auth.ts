import type { EmbedFeature, TokenScope } from "@codeground/sdk";
import type { Context, Middleware } from "koa";
import type { Accounts, Principal, RequestMeta } from "../services/accounts/accounts.js";
import type { EmbedHourlyLimits } from "../services/embeds/embed-limits.js";
import { fail } from "./errors.js";

export const SESSION_COOKIE = "cg_session";

/**
 * A learner inside an embed, signed in by an embed session token (`POST /embed/sessions`): not a
 * user account. Routes that serve learners (problems, runs, submissions, chat) accept either a
 * principal or a learner; everything else needs a principal.
 */
export interface Learner {
  sessionId: string;
  embedId: string;
  /** The embed's owner: whose private problems the embed may show, whose key may sponsor chat. */
  embedOwnerId: string;
  /** Stable per learner within the embed: `anon:<id>` per browser, or `sub:<learner token sub>`. */
  learnerRef: string;
  displayName?: string;
  /** Problem slugs the embed allows; null for every public problem. */
  problems: string[] | null;
  /** The embed's execution rate limit; the configured default when null. */
  executionsPerMinute: number | null;
  /** What the embed offers: code runs only where it offers `problem`. */
  features: EmbedFeature[];
  /** The embed's hourly ceilings, shared by all its learners (defaults filled in). */
  hourlyLimits: EmbedHourlyLimits;
  /** The course the embed belongs to: the learner is one of its learners. */
  courseId?: string | null;
  /** The assignment the session works on (`POST /embed/sessions` `{ assignment }`), or null. */
  assignmentId?: string | null;
}

declare module "koa" {
  interface DefaultState {
    requestId?: string;
    principal?: Principal;
    learner?: Learner;
    /** How the principal came: a cookie session must pass the CSRF check on writes. */
    credential?: "cookie" | "bearer";
    /** The origins the learner's embed allows (learner requests only): for the origin check and CORS. */
    embedOrigins?: readonly string[];
  }
}

/** Resolves learner bearer tokens (`cgl_…`); the embed sessions service. */
export interface LearnerAuthenticator {
  authenticate(token: string): Promise<{ learner: Learner; allowedOrigins: string[] } | undefined>;
}

const LEARNER_TOKEN_PREFIX = "cgl_";

/**
 * Resolves `Authorization: Bearer` or the session cookie to a principal, or a learner bearer token
 * (`cgl_…`, told apart by its prefix) to `ctx.state.learner`; refuses only a token that is not valid.
 */
export function identify(accounts: Accounts, learners?: LearnerAuthenticator): Middleware {
  return async (ctx, next) => {
    const header = ctx.get("Authorization");
    if (header) {
      const match = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header);
      if (learners && match?.[1]?.startsWith(LEARNER_TOKEN_PREFIX)) {
        const access = await learners.authenticate(match[1]);
        if (!access) {
          throw fail.authentication(
            "invalid_learner_token",
            "The learner session has expired or is not valid; start a new one with POST /embed/sessions.",
          );
        }
        ctx.state.learner = access.learner;
        ctx.state.embedOrigins = access.allowedOrigins;
        ctx.state.credential = "bearer";
        return next();
      }
      const principal = match?.[1] ? await accounts.authenticate(match[1]) : undefined;
      if (!principal)
        throw fail.authentication("invalid_token", "The access token is not valid or has expired.");
      ctx.state.principal = principal;
      ctx.state.credential = "bearer";
    } else {
      const cookie = ctx.cookies.get(SESSION_COOKIE);
      const principal = cookie ? await accounts.authenticate(cookie) : undefined;
      if (principal?.via === "session") {
        ctx.state.principal = principal;
        ctx.state.credential = "cookie";
      }
    }
    await next();
  };
}

/**
 * The signed-in principal, or a 401 for the caller to sign in; a 403 when its token has none of
 * `scope` (one scope, or a list meaning "any of these").
 */
export function principalOf(ctx: Context, scope: TokenScope | readonly TokenScope[] = "read"): Principal {
  const principal = ctx.state.principal;
  if (!principal) throw fail.authentication("unauthenticated", "Sign in, or send an access token.");
  const anyOf: readonly TokenScope[] = typeof scope === "string" ? [scope] : scope;
  if (!anyOf.some((s) => principal.scopes.includes(s))) {
    const named = anyOf.map((s) => `"${s}"`).join(" or ");
    throw fail.authorization("insufficient_scope", `This access token lacks the ${named} scope.`);
  }
  return principal;
}

export const metaOf = (ctx: Context): RequestMeta => ({
  ip: ctx.ip,
  userAgent: ctx.get("User-Agent") || undefined,
  requestId: ctx.state.requestId,
});
