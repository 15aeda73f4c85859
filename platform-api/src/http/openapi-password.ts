import * as sdk from "@codeground/sdk";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

/** "Forgot password" and the reset its emailed link leads to. */
export const passwordRouteDocs: RouteDoc[] = [
  {
    method: "post",
    path: `${API}/auth/password/forgot`,
    tag: "auth",
    summary: "Email a password reset link",
    description:
      'Always 202 `{ status: "reset_sent" }`, whether or not the address has an account, and as fast ' +
      "either way. A known, enabled account is mailed `PUBLIC_URL/reset-password?token=…`, a link that " +
      "works once, for 30 minutes; it replaces any earlier unused one. Limited per typed address (3 an " +
      "hour) and per client address (30 an hour): 429 with Retry-After, the same for every address. An " +
      "account is sent at most 5 links a day; beyond that the answer stays 202 and no mail goes. " +
      "Audited as `auth.password.forgot`, without the token.",
    auth: "public",
    request: sdk.ForgotPasswordRequest,
    response: sdk.ResetRequested,
    status: 202,
    errors: [429],
  },
  {
    method: "post",
    path: `${API}/auth/password/reset`,
    tag: "auth",
    summary: "Set a new password with a reset link's token",
    description:
      "A link that is unknown, used, expired, replaced by a newer one, or for a disabled account: 400 " +
      "`link_invalid` (ask for a new one). With two-factor on, `code` (a TOTP or recovery code) is " +
      "needed: without it 401 `second_factor_required`, a wrong one 401 `invalid_code` (counted like every " +
      "second-factor try; 429 when too many), and the link stays usable either way. On success every " +
      "session and access token of the account ends, and the account is mailed that its password " +
      "changed. Audited as `auth.password.reset`.",
    auth: "public",
    request: sdk.ResetPasswordRequest,
    response: sdk.PasswordChanged,
    errors: [429],
  },
];

/** What the signed-in account says of itself. */
export const profileRouteDocs: RouteDoc[] = [
  {
    method: "patch",
    path: `${API}/me`,
    tag: "me",
    summary: "Change the display name or the language of the account's mail",
    description:
      "Fields left out stay as they are; `null` clears one (mail is then in English). `locale` is the " +
      "portal's interface language (a tag such as `es` or `pt-BR`). Audited as `account.profile_updated`.",
    auth: "write",
    request: sdk.UpdateMeRequest,
    response: sdk.User,
  },
];
