import * as sdk from "@codeground/sdk";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

/** The account's data, to take and to erase, and a course's staff erasing a learner's. */
export const accountDataRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/me/export`,
    tag: "me",
    summary: "Everything kept about the account, as one JSON file",
    description:
      "An attachment (`codeground-export-<date>.json`): the profile, sessions and access tokens, vault keys " +
      "(name, provider, last four, never the secret), preferences and notification switches, submissions with " +
      "their code and results, tutor conversations with their messages, feedback, usage, courses, invitations, " +
      "assignment attempts, problems and embeds made, LMS links, audit entries naming the account, and the mail " +
      "sent to it (kinds and times). No token, hash, sealed secret or wrapped key is ever in it. A session or a " +
      "token with `read`. Audited as `account.exported`.",
    auth: "read",
    response: sdk.AccountExport,
  },
  {
    method: "delete",
    path: `${API}/me`,
    tag: "me",
    summary: "Delete the account for good",
    description:
      "From a signed-in session only (an access token gets 403 `session_required`), with the password again " +
      "(a wrong one is 401 and counts like a failed sign-in) and, with two-factor on, a TOTP or recovery code " +
      "(401 `second_factor_required` without one, `invalid_code` for a wrong one). Every session and token " +
      "ends; vault keys, their sealed secrets and wrapped data keys, submissions, conversations and everything " +
      "else of the account are deleted, with the courses it alone runs; embeds it made in others' courses pass " +
      "to their owners. A course it owns where others teach must be handed over first (409 `owns_courses`, " +
      "`details.courses` naming them). The audit log keeps its entries under a pseudonym (`deleted-user:…`), " +
      "without addresses, and still verifies. A goodbye mail goes to the old address. The session cookie is " +
      "cleared.",
    auth: "write",
    request: sdk.DeleteAccountRequest,
    errors: [409, 429],
  },
  {
    method: "delete",
    path: `${API}/courses/:id/learners/:learnerId`,
    tag: "courses",
    summary: "Erase one learner's data from the course (owner or instructor)",
    description:
      "`learnerId` is a portal learner's user id (or `user:<id>`) or a site learner's ref as the gradebook " +
      "lists it (`sub:…`, URL-encoded). Deletes, in this course only, their submissions (through its embeds " +
      "or for its assignments) with results, assignment attempts, tutor conversations in its embeds, learner " +
      "sessions, grade passback links, and their place on the roster; the gradebook no longer lists them. TAs " +
      "get 403; a learner the course does not list, 404. Audited as `course.learner.erased`.",
    auth: "write",
  },
];
