import {
  type CreateEmbedRequest,
  type CreateEmbedSessionRequest,
  Embed,
  EmbedList,
  EmbedSession,
  EmbedWithSecret,
  type UpdateEmbedRequest,
  type WebhookDelivery,
  WebhookDeliveryList,
} from "../../schemas/embeds.js";
import type { HttpClient, RequestOptions } from "../http.js";

const embedPath = (id: string) => `/embeds/${encodeURIComponent(id)}`;

/** Options for starting a learner session. */
export interface EmbedSessionOptions extends RequestOptions {
  /**
   * The host page's origin, sent as `Origin` (outside browsers only; a browser sends its own and
   * ignores this). The API accepts only the embed's allowed origins.
   */
  origin?: string;
}

/** Embeds: where exercises may appear on other sites, and with what. */
export class EmbedsResource {
  constructor(private readonly http: HttpClient) {}

  list(options?: RequestOptions): Promise<Embed[]> {
    return this.http.request({ method: "GET", path: "/embeds", schema: EmbedList }, options);
  }

  /** The answer carries `secretKey` (`sk_…`), this once: keep it on the host site's server. */
  create(input: CreateEmbedRequest, options?: RequestOptions): Promise<EmbedWithSecret> {
    return this.http.request(
      { method: "POST", path: "/embeds", body: input, schema: EmbedWithSecret },
      options,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Embed> {
    return this.http.request({ method: "GET", path: embedPath(id), schema: Embed }, options);
  }

  /** Changes what is sent; `null` clears a field. Not retried (PATCH). */
  update(id: string, input: UpdateEmbedRequest, options?: RequestOptions): Promise<Embed> {
    return this.http.request({ method: "PATCH", path: embedPath(id), body: input, schema: Embed }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.http.request({ method: "DELETE", path: embedPath(id) }, options);
  }

  /** A new secret key (in this answer only); the old one stops working at once. */
  rotateSecret(id: string, options?: RequestOptions): Promise<EmbedWithSecret> {
    return this.http.request(
      { method: "POST", path: `${embedPath(id)}/rotate-secret`, schema: EmbedWithSecret },
      options,
    );
  }

  /** Completion webhooks sent for this embed, and how each delivery went. */
  deliveries(id: string, options?: RequestOptions): Promise<WebhookDelivery[]> {
    return this.http.request(
      { method: "GET", path: `${embedPath(id)}/deliveries`, schema: WebhookDeliveryList },
      options,
    );
  }

  /**
   * Starts a learner session with the embed's publishable key (`pk_…`), optionally for a learner
   * the host site vouches for (`learnerToken`, a JWT signed with the secret key). Use the answer's
   * `token` as the client's token for that learner: `new Codeground({ baseUrl, token })`.
   */
  createSession(
    publishableKey: string,
    input: CreateEmbedSessionRequest = {},
    options: EmbedSessionOptions = {},
  ): Promise<EmbedSession> {
    return this.http.request(
      {
        method: "POST",
        path: "/embed/sessions",
        body: input,
        headers: { "X-Embed-Key": publishableKey, ...(options.origin ? { Origin: options.origin } : {}) },
        schema: EmbedSession,
        anonymous: true,
      },
      options,
    );
  }
}
