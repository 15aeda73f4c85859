import { z } from "zod";
import { AssignmentId } from "./assignments.js";
import { MonthlyTokenBudget } from "./keys.js";
import { Slug } from "./problems.js";

/** What an embed may show on the host site. */
export const EmbedFeature = z.enum(["problem", "chat", "keys"]);
export type EmbedFeature = z.infer<typeof EmbedFeature>;

/** How far the AI tutor goes inside an embed: hints only, or open conversation. */
export const TutorPolicy = z.enum(["hints", "open"]);
export type TutorPolicy = z.infer<typeof TutorPolicy>;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether an origin or pattern names this machine (plain http is allowed only there, in development). */
export const isLoopbackOrigin = (origin: string): boolean =>
  URL.canParse(origin) && LOOPBACK_HOSTS.has(new URL(origin).hostname);

const ORIGIN_RULE =
  "use an origin such as https://course.example.edu (scheme, host and optional port, no path) " +
  "or a pattern such as https://*.example.edu";

/**
 * Normalises an allowed origin, or says what is wrong with it. Exact origins are scheme + host +
 * optional port (lowercased, default port dropped); a pattern has one leading `*.` label, https
 * only, and covers subdomains of what follows it, never that name itself.
 */
export function normaliseAllowedOrigin(
  raw: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim();
  if (value === "*" || value === "null") {
    return { ok: false, message: `"${value}" would allow every site; ${ORIGIN_RULE}` };
  }
  const wildcard = /^https:\/\/\*\./i.test(value);
  if (!wildcard && value.includes("*")) {
    return {
      ok: false,
      message: `a wildcard may only be the first label after https://, as in https://*.example.edu`,
    };
  }
  const placeholder = "wildcard-label";
  const parsable = wildcard ? value.replace("*", placeholder) : value;
  const url = URL.canParse(parsable) ? new URL(parsable) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    return { ok: false, message: ORIGIN_RULE };
  if (url.username || url.password) return { ok: false, message: "leave credentials out of the origin" };
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || /[?#]/.test(value)) {
    return { ok: false, message: `an origin has no path, query or fragment; ${ORIGIN_RULE}` };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/]*\/./i.test(value)) {
    return { ok: false, message: `an origin has no path; ${ORIGIN_RULE}` };
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    return { ok: false, message: "use https://; plain http is allowed only for localhost while developing" };
  }
  if (!wildcard) return { ok: true, value: url.origin };
  const host = url.hostname;
  const rest = host.slice(placeholder.length + 1);
  if (!host.startsWith(`${placeholder}.`) || rest.includes("*")) {
    return {
      ok: false,
      message: "a pattern has exactly one wildcard, as its first label: https://*.example.edu",
    };
  }
  if (rest.split(".").length < 2 || /^[0-9.]+$/.test(rest) || rest.startsWith("[")) {
    return {
      ok: false,
      message:
        "a wildcard needs a registered domain after it (https://*.example.edu), not a top-level domain or an IP",
    };
  }
  return { ok: true, value: `https://*.${rest}${url.port ? `:${url.port}` : ""}` };
}

export const AllowedOrigin = z
  .string()
  .max(300, "an origin has at most 300 characters")
  .transform((value, ctx) => {
    const result = normaliseAllowedOrigin(value);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.message });
      return z.NEVER;
    }
    return result.value;
  });

const AllowedOrigins = z
  .array(AllowedOrigin)
  .min(1, "allow at least one origin, e.g. https://course.example.edu")
  .max(50, "allow at most 50 origins")
  .transform((origins) => [...new Set(origins)]);

const Features = z
  .array(EmbedFeature)
  .min(1, "enable at least one feature: problem, chat or keys")
  .transform((features) => [...new Set(features)]);

const EmbedProblems = z
  .array(Slug)
  .max(500, "list at most 500 problems")
  .transform((slugs) => [...new Set(slugs)]);

const printable = /^[^\p{Cc}]*$/u;
export const EmbedName = z
  .string()
  .trim()
  .min(1, "give the embed a name")
  .max(100, "use at most 100 characters")
  .regex(printable, "leave out control characters");

/** Runs and submissions per minute for each learner of the embed. */
export const ExecutionsPerMinute = z.number().int("use a whole number").min(1).max(600);

/**
 * What an embed's learners may do in an hour, all of them together, when its owner sets nothing
 * (`null`): these ceilings hold however many learner sessions are started.
 */
export const EMBED_HOURLY_LIMIT_DEFAULTS = {
  runsPerHour: 600,
  submissionsPerHour: 300,
  tutorMessagesPerHour: 300,
} as const;

/** One of an embed's hourly ceilings, shared by all its learners. */
export const HourlyLimit = z
  .number()
  .int("use a whole number")
  .min(1, "allow at least 1 an hour")
  .max(100_000, "allow at most 100000 an hour");

/**
 * Where completion events are posted. Only the shape is checked here; the server also refuses
 * loopback, private and cloud-metadata addresses, and plain http outside what an operator allows.
 */
export const WebhookUrl = z
  .string()
  .trim()
  .max(2048, "use at most 2048 characters")
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
      ctx.addIssue({
        code: "custom",
        message: "enter an https:// URL such as https://course.example.edu/hooks",
      });
      return z.NEVER;
    }
    if (url.username || url.password || url.hash) {
      ctx.addIssue({ code: "custom", message: "leave credentials and #fragments out of the URL" });
      return z.NEVER;
    }
    return url.toString();
  });

/**
 * Whether the embed's owner pays for its learners' tutor (with the owner's own chat key, as
 * chosen in `PUT /me/preferences`), and how many tokens (in + out) a calendar month (UTC) it may
 * spend on them; null: no limit beyond the key's own. Sponsoring needs a key in the owner's vault.
 */
export const EmbedChatSettings = z
  .object({
    sponsored: z.boolean().optional(),
    monthlyTokenBudget: MonthlyTokenBudget.nullable().optional(),
  })
  .strict();
export type EmbedChatSettings = z.input<typeof EmbedChatSettings>;

/** An embed's tutor sponsorship as its owner reads it. */
export const EmbedChatSponsorship = z.object({
  sponsored: z.boolean(),
  monthlyTokenBudget: z.number().int().nullable(),
});
export type EmbedChatSponsorship = z.infer<typeof EmbedChatSponsorship>;

export const CreateEmbedRequest = z
  .object({
    name: EmbedName,
    allowedOrigins: AllowedOrigins,
    /** What the embed shows; `["problem"]` when left out. */
    features: Features.optional(),
    /** Problem slugs the embed may show; left out for every public problem. */
    problems: EmbedProblems.optional(),
    executionsPerMinute: ExecutionsPerMinute.optional(),
    /** Hourly ceilings for all the embed's learners together; the defaults when left out. */
    runsPerHour: HourlyLimit.optional(),
    submissionsPerHour: HourlyLimit.optional(),
    tutorMessagesPerHour: HourlyLimit.optional(),
    webhookUrl: WebhookUrl.optional(),
    tutorPolicy: TutorPolicy.optional(),
    /** Tutor sponsorship; not sponsored, without a budget, when left out. */
    chat: EmbedChatSettings.optional(),
  })
  .strict();
export type CreateEmbedRequest = z.input<typeof CreateEmbedRequest>;

/** What a PATCH may change; `null` clears. The keys change only by rotation. */
export const UpdateEmbedRequest = z
  .object({
    name: EmbedName.optional(),
    allowedOrigins: AllowedOrigins.optional(),
    features: Features.optional(),
    problems: EmbedProblems.nullable().optional(),
    executionsPerMinute: ExecutionsPerMinute.nullable().optional(),
    runsPerHour: HourlyLimit.nullable().optional(),
    submissionsPerHour: HourlyLimit.nullable().optional(),
    tutorMessagesPerHour: HourlyLimit.nullable().optional(),
    webhookUrl: WebhookUrl.nullable().optional(),
    tutorPolicy: TutorPolicy.optional(),
    /** Only the fields sent change; `monthlyTokenBudget: null` removes the budget. */
    chat: EmbedChatSettings.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: "send at least one field to change" });
export type UpdateEmbedRequest = z.input<typeof UpdateEmbedRequest>;

/** An embed as its owner sees it: never its secret key. */
export const Embed = z.object({
  id: z.string(),
  /** The course it belongs to: its instructors manage it with its creator. */
  courseId: z.string().nullable(),
  name: z.string(),
  /** `pk_…`: public, goes in the host page. */
  publishableKey: z.string(),
  allowedOrigins: z.array(z.string()),
  features: z.array(EmbedFeature),
  problems: z.array(z.string()).nullable(),
  executionsPerMinute: z.number().int().nullable(),
  /** Runs (sample tests and free-form executions) an hour, all learners together; null: the default (600). */
  runsPerHour: z.number().int().nullable(),
  /** Submissions an hour, all learners together; null: the default (300). */
  submissionsPerHour: z.number().int().nullable(),
  /** Tutor messages an hour, all learners together; null: the default (300). */
  tutorMessagesPerHour: z.number().int().nullable(),
  webhookUrl: z.string().nullable(),
  tutorPolicy: TutorPolicy,
  chat: EmbedChatSponsorship,
  secretRotatedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Embed = z.infer<typeof Embed>;

/** An embed just created, or its secret just rotated: the only answers that carry `secretKey`. */
export const EmbedWithSecret = Embed.extend({
  /** `sk_…`: shown in this response only; signs learner tokens and verifies webhooks. */
  secretKey: z.string(),
});
export type EmbedWithSecret = z.infer<typeof EmbedWithSecret>;

export const EmbedList = z.array(Embed);

export const WebhookDeliveryStatus = z.enum(["pending", "delivered", "failed"]);

/** One webhook event and how its delivery went. */
export const WebhookDelivery = z.object({
  id: z.string(),
  event: z.string(),
  submissionId: z.string().nullable(),
  url: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = z.array(WebhookDelivery);

/** A browser's own anonymous learner id, kept by the frame. */
export const AnonymousId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, "use 16 to 64 letters, digits, - or _ (a random id the frame keeps)");

export const CreateEmbedSessionRequest = z
  .object({
    /** A JWT (HS256) the host site signed with the embed's secret key: `sub`, `exp`, optional `name`. */
    learnerToken: z.string().min(1).max(4096).optional(),
    anonymousId: AnonymousId.optional(),
    /**
     * An assignment of the embed's course the learner works on: their submissions default to it,
     * and the tutor follows its setting.
     */
    assignment: AssignmentId.optional(),
  })
  .strict();
export type CreateEmbedSessionRequest = z.input<typeof CreateEmbedSessionRequest>;

/** The claims of a learner token the host site signs. */
export const LearnerTokenClaims = z.looseObject({
  sub: z.string().min(1, "the learner token needs a sub claim").max(200, "sub is at most 200 characters"),
  name: z.string().max(255).optional(),
  exp: z.number(),
});

export const EmbedSession = z.object({
  /** Bearer token for this learner and embed (`cgl_…`), valid until `expiresAt`. */
  token: z.string(),
  expiresAt: z.string(),
  learner: z.object({
    /** `anon:<id>` or `sub:<learner token sub>`: who submissions belong to. */
    ref: z.string(),
    displayName: z.string().nullable(),
    /** For anonymous learners: the id to keep and send next time. */
    anonymousId: z.string().optional(),
  }),
  embed: z.object({
    id: z.string(),
    features: z.array(EmbedFeature),
    problems: z.array(z.string()).nullable(),
    tutorPolicy: TutorPolicy,
  }),
  /** The assignment the session works on (`assignment` of the request), or null. */
  assignmentId: z.string().nullable().optional(),
});
export type EmbedSession = z.infer<typeof EmbedSession>;

/**
 * `POST /embed/key-grants`: a signed-in user, in a top-level Codeground window (cookie session),
 * lets the keys manager an embed shows on `origin` manage their key vault for a while.
 */
export const KeyGrantRequest = z
  .object({
    /** The embed's publishable key (`pk_…`). */
    publishableKey: z.string().min(1).max(200),
    /** The host page's origin, as the keys frame verified it; must be one of the embed's allowed origins. */
    origin: AllowedOrigin,
  })
  .strict();
export type KeyGrantRequest = z.input<typeof KeyGrantRequest>;

/**
 * The grant: an access token with the `keys` and `keys:write` scopes only, for one hour, listed
 * among the user's access tokens (revocable there) and able to revoke itself. Shown once.
 */
export const KeyGrant = z.object({
  /** `cgp_…`: the bearer token for the keys frame. */
  token: z.string(),
  /** The access token's id (`DELETE /me/tokens/:id` revokes it, with the token itself). */
  tokenId: z.string(),
  expiresAt: z.string(),
  /** Who granted it, for the frame to show. */
  user: z.object({ email: z.string(), displayName: z.string().nullable() }),
});
export type KeyGrant = z.infer<typeof KeyGrant>;

/** The body of a `submission.accepted` webhook. */
export const SubmissionAcceptedEvent = z.object({
  id: z.string(),
  type: z.literal("submission.accepted"),
  createdAt: z.string(),
  data: z.object({
    embedId: z.string(),
    learnerRef: z.string().nullable(),
    problemSlug: z.string(),
    submissionId: z.string(),
    verdict: z.string(),
    passed: z.number().int().nullable(),
    total: z.number().int().nullable(),
    finishedAt: z.string().nullable(),
  }),
});
export type SubmissionAcceptedEvent = z.infer<typeof SubmissionAcceptedEvent>;
