import {
  AdminUser,
  AdminUserPage,
  type AdminUserQuery,
  type UpdateAdminUserRequest,
} from "../../schemas/admin.js";
import type { HttpClient, QueryParams, RequestOptions } from "../http.js";
import { everyItem } from "../pages.js";

const userPath = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

/** Every account on this Codeground (admins only): find users, change roles, disable accounts. */
export class AdminUsersResource {
  constructor(private readonly http: HttpClient) {}

  /** One page, by email address; `q` searches emails and display names. */
  list(query: QueryParams<AdminUserQuery> = {}, options?: RequestOptions): Promise<AdminUserPage> {
    return this.http.request({ method: "GET", path: "/admin/users", query, schema: AdminUserPage }, options);
  }

  /** Every user matching the query, page after page. */
  async *iterate(
    query: Omit<QueryParams<AdminUserQuery>, "cursor"> = {},
    options?: RequestOptions,
  ): AsyncGenerator<AdminUser, void, undefined> {
    yield* everyItem((cursor) => this.list({ ...query, ...(cursor ? { cursor } : {}) }, options));
  }

  /**
   * A new role, and/or `disabled: true` (its sessions and access tokens end at once) or `false`.
   * Your own account cannot be disabled or lose its admin role (`ConflictError`). Not retried (PATCH).
   */
  update(id: string, input: UpdateAdminUserRequest, options?: RequestOptions): Promise<AdminUser> {
    return this.http.request(
      { method: "PATCH", path: userPath(id), body: input, schema: AdminUser },
      options,
    );
  }
}

/** What admins manage: `cg.admin.users`. */
export class AdminResource {
  readonly users: AdminUsersResource;

  constructor(http: HttpClient) {
    this.users = new AdminUsersResource(http);
  }
}
