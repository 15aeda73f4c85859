import { z } from "zod";

/**
 * A URL of the learning platform (its OIDC auth endpoint, token endpoint, JWKS). Only the shape is
 * checked here; the server also requires https and a public address, except for origins an
 * operator allows (`ALLOW_PRIVATE_PROVIDER_URLS`).
 */
export const LtiPlatformUrl = z
  .string()
  .trim()
  .max(2048, "use at most 2048 characters")
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
      ctx.addIssue({ code: "custom", message: "enter an https:// URL such as https://lms.example.edu/auth" });
      return z.NEVER;
    }
    if (url.username || url.password || url.hash) {
      ctx.addIssue({ code: "custom", message: "leave credentials and #fragments out of the URL" });
      return z.NEVER;
    }
    return url.toString();
  });

/** The platform's issuer (`iss` of its id_tokens), exactly as it writes it: case and trailing slash count. */
export const LtiIssuer = z
  .string()
  .trim()
  .min(1, "enter the platform's issuer")
  .max(255, "use at most 255 characters")
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: "the issuer is an https:// URL, e.g. https://canvas.instructure.com",
  });

const LtiIdentifier = (what: string) =>
  z.string().trim().min(1, `enter the ${what}`).max(255, "use at most 255 characters");

/**
 * `POST /lti/registrations`: a platform registered by hand, with what its administrator shows
 * for this tool (client id, deployment ids) and its endpoints.
 */
export const CreateLtiRegistrationRequest = z
  .object({
    name: z.string().trim().min(1).max(200, "use at most 200 characters").optional(),
    issuer: LtiIssuer,
    clientId: LtiIdentifier("client id"),
    deploymentIds: z
      .array(LtiIdentifier("deployment id"))
      .min(1, "enter at least one deployment id")
      .max(50, "enter at most 50 deployment ids")
      .refine((ids) => new Set(ids).size === ids.length, { message: "each deployment id once" }),
    authLoginUrl: LtiPlatformUrl,
    authTokenUrl: LtiPlatformUrl,
    keysetUrl: LtiPlatformUrl,
  })
  .strict();
export type CreateLtiRegistrationRequest = z.input<typeof CreateLtiRegistrationRequest>;

/** What the platform's administrator enters for this tool. */
export const LtiToolEndpoints = z.object({
  /** OIDC login initiation URL (`/lti/login`). */
  loginUrl: z.string(),
  /** Redirect URI / target link URI (`/lti/launch`). */
  launchUrl: z.string(),
  /** The tool's public keys (`/lti/jwks`). */
  jwksUrl: z.string(),
  /** Dynamic Registration initiation URL (`/lti/register`), for platforms that support it. */
  registerUrl: z.string(),
});
export type LtiToolEndpoints = z.infer<typeof LtiToolEndpoints>;

/** A platform registration, as its owner sees it. */
export const LtiRegistration = z.object({
  id: z.string(),
  name: z.string().nullable(),
  issuer: z.string(),
  clientId: z.string(),
  deploymentIds: z.array(z.string()),
  authLoginUrl: z.string(),
  authTokenUrl: z.string(),
  keysetUrl: z.string(),
  tool: LtiToolEndpoints,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LtiRegistration = z.infer<typeof LtiRegistration>;
export const LtiRegistrationList = z.array(LtiRegistration);
export type LtiRegistrationList = z.infer<typeof LtiRegistrationList>;

/** The course roles LTI roles map to (Instructor, TeachingAssistant, Learner). */
export const LtiCourseRole = z.enum(["instructor", "ta", "learner"]);
export type LtiCourseRole = z.infer<typeof LtiCourseRole>;

/** Where a score for the LMS stands: posted, waiting (to retry), given up, or not sent. */
export const LtiScoreDeliveryStatus = z.enum(["pending", "delivered", "failed", "skipped", "superseded"]);
export type LtiScoreDeliveryStatus = z.infer<typeof LtiScoreDeliveryStatus>;

/**
 * A score posted (or to be posted) to a line item of the LMS (LTI Assignment and Grade Services),
 * as the course's staff see it: what was sent and how the attempts went. No credential appears.
 */
export const LtiScoreDelivery = z.object({
  id: z.string(),
  /** The learner as the gradebook names them (`lti:<id>`), and their name from the LMS. */
  learnerId: z.string(),
  learnerName: z.string().nullable(),
  /** What the link opens: an assignment (its score), or one problem (that problem's score). */
  assignmentId: z.string().nullable(),
  problem: z.string().nullable(),
  submissionId: z.string().nullable(),
  /** The line item the score goes to. */
  lineItem: z.string(),
  scoreGiven: z.number(),
  scoreMaximum: z.number(),
  activityProgress: z.enum(["Initialized", "Started", "InProgress", "Submitted", "Completed"]),
  gradingProgress: z.enum(["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"]),
  /** The score's timestamp as posted. */
  timestamp: z.string(),
  status: LtiScoreDeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  /** Why the last attempt failed, or why the score was not sent. */
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type LtiScoreDelivery = z.infer<typeof LtiScoreDelivery>;
export const LtiScoreDeliveryList = z.array(LtiScoreDelivery);
export type LtiScoreDeliveryList = z.infer<typeof LtiScoreDeliveryList>;

/**
 * `POST /lti/registrations/dynamic`: LTI Dynamic Registration, as the tool's registration page
 * does it for the signed-in user: the platform's OpenID configuration URL and the one-time
 * registration token the platform gave (`openid_configuration`, `registration_token`).
 */
export const DynamicLtiRegistrationRequest = z
  .object({
    openidConfiguration: LtiPlatformUrl,
    registrationToken: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type DynamicLtiRegistrationRequest = z.input<typeof DynamicLtiRegistrationRequest>;

/**
 * `POST /courses/:id/lti/roster-sync`: the LMS roster imported (Names and Role Provisioning).
 * Learners are added to the course's learners (`imported`) or brought up to date (`updated`);
 * `skipped` counts everyone else: inactive members, roles Codeground does not map, and the
 * instructors and teaching assistants (`staff`), who get no staff role without a Codeground account.
 */
export const LtiRosterSyncResult = z.object({
  imported: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  staff: z.number().int().nonnegative(),
  syncedAt: z.string(),
});
export type LtiRosterSyncResult = z.infer<typeof LtiRosterSyncResult>;

/** `GET /courses/:id/lti`: the LMS courses (contexts) a course is linked to, for its staff. */
export const LtiCourseLink = z.object({
  linked: z.boolean(),
  contexts: z.array(
    z.object({
      title: z.string().nullable(),
      issuer: z.string(),
      /** The LMS has named its roster service in a launch: the roster can be imported. */
      rosterAvailable: z.boolean(),
      rosterSyncedAt: z.string().nullable(),
    }),
  ),
});
export type LtiCourseLink = z.infer<typeof LtiCourseLink>;
