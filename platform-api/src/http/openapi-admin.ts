import * as sdk from "@codeground/sdk";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

const adminsOnly = "Admins only: anyone else gets 403 `admin_only`.";

/** What admins manage: every account on this Codeground. */
export const adminRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/admin/users`,
    tag: "admin",
    summary: "Every user, by email address, a page at a time",
    description: `${adminsOnly} \`q\` finds text in email addresses and display names, case ignored.`,
    auth: "read",
    query: sdk.AdminUserQuery,
    response: sdk.AdminUserPage,
  },
  {
    method: "patch",
    path: `${API}/admin/users/:id`,
    tag: "admin",
    summary: "Change a user's role, or disable or enable their account",
    description:
      `${adminsOnly} \`disabled: true\` ends the account's sessions and access tokens at once, on every ` +
      "instance; it cannot sign in (403 `account_disabled`) until `disabled: false`. You cannot disable " +
      "yourself (409 `cannot_disable_self`) or remove your own admin role (409 `cannot_demote_self`). " +
      "Audited as `admin.user_role_changed`, `admin.user_disabled` and `admin.user_enabled`, with the " +
      "values before and after.",
    auth: "write",
    request: sdk.UpdateAdminUserRequest,
    response: sdk.AdminUser,
    errors: [409],
  },
];
