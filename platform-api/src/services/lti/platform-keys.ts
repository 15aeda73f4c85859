import {
  type CompactJWSHeaderParameters,
  createLocalJWKSet,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from "jose";
import { z } from "zod";
import type { PrivateOrigins } from "../vault/private-origins.js";
import type { LookupAll } from "../vault/provider-url.js";
import { fetchFromPlatform, PlatformFetchError } from "./platform-fetch.js";

/** A platform's JWKS is kept this long before it is fetched again. */
const MAX_AGE_MS = 10 * 60_000;
/** An unknown kid fetches the JWKS again, at most this often per URL: a flood of made-up kids costs one fetch. */
const REFRESH_COOLDOWN_MS = 1000;
const TIMEOUT_MS = 5000;
const MAX_BYTES = 256 * 1024;

const JwksBody = z.object({ keys: z.array(z.looseObject({ kty: z.string() })).max(100) });

/** Why the platform's keys could not be had: said on the error page, with no secret in it. */
export class PlatformKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlatformKeysError";
  }
}

interface Cached {
  jwks: JSONWebKeySet;
  fetchedAt: number;
  verifyKey: JWTVerifyGetKey;
}

/**
 * Platforms' public keys by JWKS URL, like jose's `createRemoteJWKSet` but fetched through the
 * pinned dispatcher, so a keyset URL cannot reach loopback, private or metadata addresses an
 * operator did not allow, and without following redirects. Cached; fetched again when older than
 * ten minutes or when a token names a kid the cached set lacks.
 */
export function createPlatformKeys({
  allowPrivateOrigins,
  lookup,
  now = () => performance.now(),
}: {
  allowPrivateOrigins: PrivateOrigins;
  lookup?: LookupAll;
  /** Monotonic milliseconds, for the cache's age. */
  now?: () => number;
}) {
  const cache = new Map<string, Cached>();
  const inflight = new Map<string, Promise<Cached>>();

  async function download(url: string): Promise<Cached> {
    let text: string;
    try {
      const response = await fetchFromPlatform(
        url,
        { headers: { Accept: "application/json" }, maxBytes: MAX_BYTES, timeoutMs: TIMEOUT_MS },
        { allowPrivateOrigins, ...(lookup ? { lookup } : {}) },
        "The platform's JWKS URL",
      );
      if (response.status !== 200) {
        throw new PlatformKeysError(`The platform's JWKS URL answered ${response.status}.`);
      }
      text = response.text;
    } catch (err) {
      if (err instanceof PlatformKeysError) throw err;
      if (err instanceof PlatformFetchError && err.kind === "not_allowed") {
        throw new PlatformKeysError("The platform's JWKS URL does not reach an allowed address.");
      }
      if (err instanceof PlatformFetchError && err.kind === "too_large") {
        throw new PlatformKeysError("The platform's JWKS is too large.");
      }
      throw new PlatformKeysError("The platform's JWKS could not be fetched.");
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new PlatformKeysError("The platform's JWKS is not JSON.");
    }
    const parsed = JwksBody.safeParse(body);
    if (!parsed.success) throw new PlatformKeysError("The platform's JWKS is not a key set.");
    // Only RSA signing keys: a symmetric or other key in the set can never verify a launch.
    const keys = parsed.data.keys.filter((k) => k.kty === "RSA") as JSONWebKeySet["keys"];
    const jwks = { keys };
    return { jwks, fetchedAt: now(), verifyKey: createLocalJWKSet(jwks) };
  }

  function refresh(url: string): Promise<Cached> {
    const running = inflight.get(url);
    if (running) return running;
    const next = download(url)
      .then((fresh) => {
        cache.set(url, fresh);
        return fresh;
      })
      .finally(() => inflight.delete(url));
    inflight.set(url, next);
    return next;
  }

  const hasKid = (cached: Cached, kid: string | undefined) =>
    kid === undefined ? cached.jwks.keys.length > 0 : cached.jwks.keys.some((k) => k.kid === kid);

  return {
    /** A key resolver for jose's `jwtVerify`, for the platform whose JWKS is at `url`. */
    resolverFor(url: string): JWTVerifyGetKey {
      return async (header: CompactJWSHeaderParameters, token: FlattenedJWSInput) => {
        let cached = cache.get(url);
        if (!cached || now() - cached.fetchedAt > MAX_AGE_MS) cached = await refresh(url);
        else if (!hasKid(cached, header.kid) && now() - cached.fetchedAt > REFRESH_COOLDOWN_MS) {
          cached = await refresh(url);
        }
        return cached.verifyKey(header, token);
      };
    },
    /** Forgets a platform's cached keys (its registration was removed or changed). */
    forget(url: string) {
      cache.delete(url);
    },
  };
}

export type PlatformKeys = ReturnType<typeof createPlatformKeys>;
