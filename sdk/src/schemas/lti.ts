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
