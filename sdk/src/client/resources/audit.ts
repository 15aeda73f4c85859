import { type AuditEvent, AuditPage, type AuditQuery, AuditVerification } from "../../schemas/audit.js";
import type { HttpClient, QueryParams, RequestOptions } from "../http.js";

/** The audit trail: your own events (admins: everyone's), newest first. */
export class AuditResource {
  constructor(private readonly http: HttpClient) {}

  /** One page; pass `nextBefore` as `before` for older events (or use `iterate`). */
  list(query: QueryParams<AuditQuery> = {}, options?: RequestOptions): Promise<AuditPage> {
    return this.http.request({ method: "GET", path: "/audit", query, schema: AuditPage }, options);
  }

  async *iterate(
    query: Omit<QueryParams<AuditQuery>, "before"> = {},
    options?: RequestOptions,
  ): AsyncGenerator<AuditEvent, void, undefined> {
    let before: number | undefined;
    do {
      const page = await this.list({ ...query, ...(before ? { before } : {}) }, options);
      yield* page.events;
      before = page.nextBefore ?? undefined;
    } while (before);
  }

  /** Checks the hash chain (admins only). */
  verify(options?: RequestOptions): Promise<AuditVerification> {
    return this.http.request({ method: "GET", path: "/audit/verify", schema: AuditVerification }, options);
  }
}
