import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import type { Clock } from "../shared/clock.js";
import type { ProviderUrlPolicy } from "../vault/provider-url.js";
import { PlatformCallError, platformRequest } from "./platform-request.js";
import type { ToolKeys } from "./tool-keys.js";

export const AGS_SCOPE = {
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
} as const;

const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** How long a client assertion is good for: one token request. */
const ASSERTION_TTL_S = 300;
/** A cached token is used until this long before it expires, so it never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;
/** A platform that says nothing of the token's lifetime: assume a short one. */
const DEFAULT_TTL_S = 300;

const TokenAnswer = z.object({
  access_token: z.string().min(1).max(8192),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().positive().optional(),
});

/** What the token service needs of a registration. */
export interface TokenClient {
  id: string;
  clientId: string;
  authTokenUrl: string;
}

/**
 * Access tokens for a platform's services (LTI Security Framework §4.1): OAuth 2 client
 * credentials with a JWT client assertion (iss = sub = client id, aud = the token URL, a fresh
 * jti, five minutes) signed with the tool's current key. Tokens are cached per registration and
 * scopes until shortly before they expire; concurrent callers share one request. Tokens live in
 * memory only: never written to a table or a log.
 */
export function createAgsTokens({
  toolKeys,
  clock,
  policy,
}: {
  toolKeys: ToolKeys;
  clock: Clock;
  policy: ProviderUrlPolicy;
}) {
  const cache = new Map<string, { token: string; until: number }>();
  const inflight = new Map<string, Promise<string>>();
  const keyOf = (client: TokenClient, scopes: readonly string[]) =>
    [client.id, client.clientId, client.authTokenUrl, ...[...scopes].sort()].join(" ");

  async function request(
    client: TokenClient,
    scopes: readonly string[],
  ): Promise<{ token: string; until: number }> {
    const { kid, privateKey } = await toolKeys.signingKey();
    const nowS = Math.floor(clock.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .setIssuer(client.clientId)
      .setSubject(client.clientId)
      .setAudience(client.authTokenUrl)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + ASSERTION_TTL_S)
      .setJti(randomUUID())
      .sign(privateKey);
    const answer = await platformRequest(
      client.authTokenUrl,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_assertion_type: CLIENT_ASSERTION_TYPE,
          client_assertion: assertion,
          scope: scopes.join(" "),
        }).toString(),
      },
      { policy, what: "platform's token endpoint", now: clock.now() },
    );
    if (answer.status !== 200) {
      // The OAuth error code (RFC 6749 §5.2) is a fixed word, safe to show; its description is not shown.
      const code = /"error"\s*:\s*"([a-z_]{1,40})"/.exec(answer.text)?.[1];
      const hint =
        code === "invalid_client"
          ? ": it refused the tool's client assertion (check the client id, and that the platform has the tool's JWKS URL)"
          : code === "invalid_scope"
            ? ": the platform does not grant this tool the grade passback scope"
            : code
              ? ` (${code})`
              : "";
      throw new PlatformCallError(`the platform's token endpoint answered ${answer.status}${hint}`, {
        status: answer.status,
        ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}),
      });
    }
    let parsed: z.infer<typeof TokenAnswer>;
    try {
      parsed = TokenAnswer.parse(JSON.parse(answer.text));
    } catch {
      throw new PlatformCallError(
        "the platform's token endpoint answered something that is not a bearer token",
      );
    }
    const ttlMs = (parsed.expires_in ?? DEFAULT_TTL_S) * 1000;
    // A short-lived token is kept for half its life rather than not at all.
    const margin = Math.min(EXPIRY_MARGIN_MS, ttlMs / 2);
    return { token: parsed.access_token, until: clock.now() + ttlMs - margin };
  }

  return {
    /** A bearer token for these scopes: the cached one while it is fresh, else a new one. */
    async tokenFor(client: TokenClient, scopes: readonly string[]): Promise<string> {
      const key = keyOf(client, scopes);
      const cached = cache.get(key);
      if (cached && cached.until > clock.now()) return cached.token;
      const running = inflight.get(key);
      if (running) return running;
      const next = request(client, scopes)
        .then((fresh) => {
          cache.set(key, fresh);
          return fresh.token;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, next);
      return next;
    },

    /** Forgets a token the platform refused (401): the next call asks for a new one. */
    forget(client: TokenClient, scopes: readonly string[]): void {
      cache.delete(keyOf(client, scopes));
    },
  };
}

export type AgsTokens = ReturnType<typeof createAgsTokens>;
