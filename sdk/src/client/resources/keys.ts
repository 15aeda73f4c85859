import {
  ApiKey,
  type CreateKeyRequest,
  type UpdateKeyRequest,
  VerifyKeyResponse,
} from "../../schemas/keys.js";
import type { HttpClient, RequestOptions } from "../http.js";
import { ApiKeyList } from "../schemas.js";

const keyPath = (id: string) => `/keys/${encodeURIComponent(id)}`;

/** The key vault: AI-provider keys, stored encrypted; answers never carry the secret. */
export class KeysResource {
  constructor(private readonly http: HttpClient) {}

  list(options?: RequestOptions): Promise<ApiKey[]> {
    return this.http.request({ method: "GET", path: "/keys", schema: ApiKeyList }, options);
  }

  get(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.http.request({ method: "GET", path: keyPath(id), schema: ApiKey }, options);
  }

  create(input: CreateKeyRequest, options?: RequestOptions): Promise<ApiKey> {
    return this.http.request({ method: "POST", path: "/keys", body: input, schema: ApiKey }, options);
  }

  /** Changes what is sent; `null` clears a field. Not retried (PATCH). */
  update(id: string, input: UpdateKeyRequest, options?: RequestOptions): Promise<ApiKey> {
    return this.http.request({ method: "PATCH", path: keyPath(id), body: input, schema: ApiKey }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "DELETE", path: keyPath(id) }, options);
  }

  /** Asks the provider whether the key works (a tiny request paid with the key). */
  verify(id: string, options?: RequestOptions): Promise<VerifyKeyResponse> {
    return this.http.request(
      { method: "POST", path: `${keyPath(id)}/verify`, schema: VerifyKeyResponse },
      options,
    );
  }
}
