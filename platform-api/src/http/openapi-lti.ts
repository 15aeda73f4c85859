import * as sdk from "@codeground/sdk";
import { z } from "zod";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

/** The tool's public keys as `GET /lti/jwks` publishes them. */
const LtiJwks = z.object({
  keys: z.array(
    z.object({
      kty: z.literal("RSA"),
      n: z.string(),
      e: z.string(),
      kid: z.string(),
      alg: z.literal("RS256"),
      use: z.literal("sig"),
    }),
  ),
});

/** LTI 1.3: platforms registered by hand, and the tool's browser endpoints (outside `/api/v1`). */
export const ltiRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/lti/registrations`,
    tag: "lti",
    summary: "The learning platforms you registered this tool with",
    description: "Each carries `tool`: the login, launch and JWKS URLs to enter in the platform.",
    auth: "read",
    response: sdk.LtiRegistrationList,
  },
  {
    method: "post",
    path: `${API}/lti/registrations`,
    tag: "lti",
    summary: "Register a learning platform by hand (LTI 1.3)",
    description:
      "The platform's issuer, the client id and deployment ids it gave this tool, and its auth, token and JWKS " +
      "URLs. The URLs must be https and reach public addresses (400 `lti_url_not_allowed`), except origins an " +
      "operator allows (`ALLOW_PRIVATE_PROVIDER_URLS`). An issuer and client id registered already: 409 " +
      "`lti_registration_exists`. Audited as `lti.registration_created`.",
    auth: "write",
    request: sdk.CreateLtiRegistrationRequest,
    response: sdk.LtiRegistration,
    status: 201,
    errors: [409],
  },
  {
    method: "delete",
    path: `${API}/lti/registrations/:id`,
    tag: "lti",
    summary: "Remove one of your platform registrations",
    description:
      "Launches from that platform are refused from then on; the courses its contexts launched into stay. " +
      "Another user's registration answers 404. Audited as `lti.registration_deleted`.",
    auth: "write",
  },
  {
    method: "post",
    path: `${API}/lti/registrations/dynamic`,
    tag: "lti",
    summary: "Register with a learning platform by LTI Dynamic Registration",
    description:
      "What the Codeground window opened from `GET /lti/register` does for the signed-in user: reads the " +
      "platform's OpenID configuration (its `issuer` must be the configuration URL's origin: 400 " +
      "`lti_issuer_mismatch`), posts the tool's client registration with the registration token as bearer " +
      "(refused token: 400 `lti_registration_token_refused`), and keeps the answer (issuer, client id, " +
      "deployment id, auth, token and JWKS URLs) as your registration. URLs must be https and public, without " +
      "redirects (400 `lti_configuration_not_allowed`, 502 `lti_configuration_redirected`), except origins an " +
      "operator allows. At most 30 attempts per user in ten minutes (429). Audited as " +
      "`lti.registered_dynamically`; refusals as `lti.dynamic_registration_refused`.",
    auth: "write",
    request: sdk.DynamicLtiRegistrationRequest,
    response: sdk.LtiRegistration,
    status: 201,
    errors: [409, 429, 502],
  },
  {
    method: "get",
    path: `${API}/courses/:id/lti`,
    tag: "lti",
    summary: "The LMS courses a course is linked to, and whether their roster can be imported",
    description: "For the course's staff; 404 to non-members.",
    auth: "read",
    response: sdk.LtiCourseLink,
  },
  {
    method: "post",
    path: `${API}/courses/:id/lti/roster-sync`,
    tag: "lti",
    summary: "Import the course's roster from the LMS (Names and Role Provisioning)",
    description:
      "For the course's owner and instructors (a TA: 403; a non-member: 404). Reads the membership container " +
      "of every LMS course this course is linked to (all pages, at most 50) with a client-credentials token; " +
      "active learners become the course's learners, as their launches would make them; instructors and TAs " +
      "are counted in `staff` and `skipped`, with no role given. A course not linked to an LMS, or whose LMS " +
      "never offered its roster service in a launch: 409 (`course_not_linked_to_lms`, " +
      "`lms_roster_unavailable`). The platform refusing or failing: 502 `lms_roster_failed`, audited as " +
      "`lti.roster_sync_failed`. Audited as `lti.roster_synced`.",
    auth: "write",
    response: sdk.LtiRosterSyncResult,
    errors: [409, 502],
  },
  {
    method: "get",
    path: "/lti/register",
    tag: "lti",
    summary: "LTI Dynamic Registration initiation, as the platform opens it",
    description:
      "Query `openid_configuration` and `registration_token`. Reads the platform's OpenID configuration and " +
      "answers a page for the platform's dialog: its button opens a Codeground window (`/lti/connect`) where " +
      "the administrator signs in and confirms; the page then closes the dialog with the " +
      "`org.imsglobal.lti.close` postMessage. A refusal (issuer not the configuration's origin, a private or " +
      "redirecting URL; more than 30 pages from one address in ten minutes: 403 `rate_limited`) is an HTML " +
      "page (400, 403 or 502), audited as `lti.dynamic_registration_refused`.",
    auth: "public",
    response: z.string(),
    responseType: "text/html",
    errors: [403, 502],
  },
  {
    method: "get",
    path: "/lti/register.js",
    tag: "lti",
    summary: "The script of the registration page",
    auth: "public",
    response: z.string(),
    responseType: "text/javascript",
  },
  {
    method: "get",
    path: `${API}/courses/:id/lti/score-deliveries`,
    tag: "lti",
    summary: "Scores sent to the LMS for the course's learners (grade passback), newest first",
    description:
      "When a learner who came through an LTI launch with a line item (the AGS endpoint claim) has a submission " +
      "judged, the gradebook's score for the link (an assignment's after the late penalty, or one problem's) is " +
      "posted to the line item's scores. Each delivery shows its status (`pending`, `delivered`, `failed` after " +
      "the last attempt or a refusal no retry can change, `skipped` when the course keeps the best score and this " +
      "one is lower, `superseded` by a newer score before it went out), attempts and the last error. At most 200. " +
      "The course's staff only: 404 to non-members, 403 to learners.",
    auth: "read",
    response: sdk.LtiScoreDeliveryList,
  },
  {
    method: "get",
    path: "/lti/jwks",
    tag: "lti",
    summary: "The tool's public signing keys (current and previous), for platforms",
    auth: "public",
    response: LtiJwks,
  },
  {
    method: "get",
    path: "/lti/login",
    tag: "lti",
    summary: "OIDC third-party initiated login (query string)",
    description:
      "Takes `iss`, `login_hint`, `target_link_uri`, and optionally `client_id`, `lti_deployment_id`, " +
      "`lti_message_hint`, `lti_storage_target`. Redirects (302) to the platform's auth endpoint with state and " +
      "nonce bound to the browser by a partitioned cookie; with `lti_storage_target`, answers a page that first " +
      "puts them into the platform's storage (LTI client-side postMessage storage). A refusal is an HTML page " +
      "(400 or 403), audited as `lti.login_refused`.",
    auth: "public",
    response: z.string(),
    responseType: "text/html",
    status: 302,
    errors: [403],
  },
  {
    method: "post",
    path: "/lti/login",
    tag: "lti",
    summary: "OIDC third-party initiated login (form post)",
    description: "As `GET /lti/login`, with the parameters as an `application/x-www-form-urlencoded` body.",
    auth: "public",
    response: z.string(),
    responseType: "text/html",
    status: 302,
    errors: [403],
  },
  {
    method: "post",
    path: "/lti/launch",
    tag: "lti",
    summary: "The platform's launch: the id_token form post",
    description:
      "An `application/x-www-form-urlencoded` body with `id_token` and `state`. Checks the browser binding, the " +
      "signature against the platform's JWKS (RS256 only), iss, aud, azp, exp, iat, the nonce (once), the " +
      "deployment, the message type and the version; links the LMS context to a course of the registration's " +
      "owner and starts a learner's session. Refusals are HTML pages (400, 401, 403 or 410), audited as " +
      "`lti.launch_refused`.",
    auth: "public",
    response: z.string(),
    responseType: "text/html",
    errors: [403, 410],
  },
  {
    method: "get",
    path: "/lti/storage.js",
    tag: "lti",
    summary: "The script of the login and launch pages that talks to the platform's storage frame",
    auth: "public",
    response: z.string(),
    responseType: "text/javascript",
  },
  {
    method: "post",
    path: "/lti/deep-linking/:selectionId",
    tag: "lti",
    summary: "The deep linking picker's form: the chosen content, signed for the platform",
    description:
      "An `application/x-www-form-urlencoded` body from the page a staff member's `LtiDeepLinkingRequest` " +
      "launch answers: `item` (repeated) = `assignment:<id>` or `problem:<slug>` of the launch's course, " +
      "`points:<item>` for each when the platform accepts line items (above 0, at most 100000, two decimals), " +
      "or `action=cancel` for no items. Answers a page that posts the signed `LtiDeepLinkingResponse` as `JWT` " +
      "to the platform's `deep_link_return_url`. The selection id is single use and lasts an hour. Refusals " +
      "are HTML pages (400, 403 another course's item, 404 unknown selection, 410 used or expired), audited as " +
      "`lti.deep_linking_refused`; a signed answer is audited as `lti.deep_linked`.",
    auth: "public",
    response: z.string(),
    responseType: "text/html",
    errors: [403, 404, 410],
  },
  {
    method: "get",
    path: "/lti/deep-linking.js",
    tag: "lti",
    summary: "The deep linking pages' script: the problem filter, and the answer's post",
    auth: "public",
    response: z.string(),
    responseType: "text/javascript",
  },
];
