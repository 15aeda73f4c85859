import { z } from "zod";
import { Role, User } from "./auth.js";

/** `GET /admin/users` query: words in the email address or display name, and a cursor page. */
export const AdminUserQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .optional()
    .describe("Text in the email address or display name (case does not matter)."),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(400).optional().describe("`nextCursor` of the previous page."),
});
export type AdminUserQuery = z.input<typeof AdminUserQuery>;

/** A user as admins see them: the account, and whether it is disabled. */
export const AdminUser = User.extend({
  /** When an admin disabled the account; null while it is enabled. */
  disabledAt: z.string().nullable(),
});
export type AdminUser = z.infer<typeof AdminUser>;

/** A page of users, by email address. */
export const AdminUserPage = z.object({
  items: z.array(AdminUser),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type AdminUserPage = z.infer<typeof AdminUserPage>;

/**
 * `PATCH /admin/users/:id`: a new role, and/or `disabled: true` (ends the account's sessions and
 * access tokens at once) or `false` (lets it sign in again).
 */
export const UpdateAdminUserRequest = z
  .object({ role: Role.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: "send role, disabled, or both" });
export type UpdateAdminUserRequest = z.input<typeof UpdateAdminUserRequest>;
