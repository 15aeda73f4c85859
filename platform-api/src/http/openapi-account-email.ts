import * as sdk from "@codeground/sdk";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

/** Verifying the account's address, asking for a new link, and changing the address. */
export const accountEmailRouteDocs: RouteDoc[] = [
  {
    method: "post",
    path: `${API}/auth/email/verify`,
    tag: "auth",
    summary: "Follow a verification or address-change link",
    description:
      "The `token` of `PUBLIC_URL/verify-email?token=…`. No session needed: the link may be opened in " +
      'another browser. A sign-up or "send again" link marks the address verified; an address-change ' +
      "link makes its address the account's (verified), and the old address is mailed that it changed. " +
      "A link works once, for 24 hours, and a newer one replaces it: a used, expired, replaced or unknown " +
      "one (or a password reset link) is 400 `link_invalid`. 409 `email_taken` when another account took " +
      "the new address meanwhile. Answers the account. Audited as `auth.email.verified` or " +
      "`auth.email.changed`.",
    auth: "public",
    request: sdk.VerifyEmailRequest,
    response: sdk.User,
    errors: [409],
  },
  {
    method: "post",
    path: `${API}/me/email/verification`,
    tag: "me",
    summary: "Send the verification link again",
    description:
      "A new link to the account's address; earlier unused ones stop working. 409 `already_verified` " +
      "when the address is verified. 5 an hour per account (429 with Retry-After). Audited as " +
      "`auth.email.verification_sent`.",
    auth: "write",
    response: sdk.SignupAccepted,
    status: 202,
    errors: [409, 429],
  },
  {
    method: "post",
    path: `${API}/me/email`,
    tag: "me",
    summary: "Change the account's email address",
    description:
      "With the password (401 `invalid_credentials` when wrong, counted like failed sign-ins). A link " +
      "goes to the new address; the account keeps its address until the link is followed " +
      "(`POST /auth/email/verify`). 409 `email_taken` when another account has the address; 400 " +
      "`email_unchanged` when it is the current one. Shares the 5-an-hour limit of sending the " +
      "verification link again. Audited as `auth.email.change_requested`.",
    auth: "write",
    request: sdk.ChangeEmailRequest,
    response: sdk.SignupAccepted,
    status: 202,
    errors: [409, 429],
  },
];
