import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { harvestSecrets } from "./leaks.js";

export const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const ROLE = {
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  ta: "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
} as const;

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/**
 * A minimal LTI 1.3 platform for tests: RSA keys, a JWKS served on loopback (counting fetches),
 * and id_tokens signed as a platform signs them. Not a simulator of a whole LMS: just what the
 * tool's launch checks need, plus ways to sign tokens wrongly.
 */
export interface LtiSigner {
  /** The platform's origin (`http://127.0.0.1:port`), also its issuer. */
  origin: string;
  issuer: string;
  jwksUrl: string;
  authUrl: string;
  tokenUrl: string;
  /** How many times the JWKS was fetched. */
  jwksFetches: number;
  /** Signs with the published key `kid` (the first by default). */
  sign(claims: Record<string, unknown>, options?: { kid?: string; key?: PrivateKey }): Promise<string>;
  /** A new key pair; published in the JWKS unless `publish: false`. */
  addKey(kid: string, options?: { publish?: boolean }): Promise<{ privateKey: PrivateKey; jwk: JWK }>;
  /** The first published public key as a JWK (for key-confusion attacks). */
  publicJwk(): JWK;
  /**
   * The auth endpoint (`GET /auth`, for browser tests): the claims to sign for this OIDC request
   * (its query), posted back to `redirect_uri` by an auto-submitting form, as platforms answer.
   */
  authorize?: (query: URLSearchParams) => Promise<Record<string, unknown>>;
  /** Static pages the platform serves (a course page framing the tool, for browser tests). */
  pages: Map<string, string>;
  close(): Promise<void>;
}

export async function startLtiSigner({
  host = "127.0.0.1",
}: {
  /** The host in the platform's browser-facing URLs (`localhost`: another site than 127.0.0.1). */
  host?: string;
} = {}): Promise<LtiSigner> {
  const keys = new Map<string, { privateKey: PrivateKey; jwk: JWK; published: boolean }>();
  let fetches = 0;
  const pages = new Map<string, string>();
  const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://platform.test");
    const page = pages.get(url.pathname);
    if (page !== undefined) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page);
      return;
    }
    if (url.pathname === "/auth" && signer.authorize) {
      const q = url.searchParams;
      const idToken = await signer.sign(await signer.authorize(q));
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><form method="post" action="${html(q.get("redirect_uri") ?? "")}">` +
          `<input type="hidden" name="id_token" value="${html(idToken)}">` +
          `<input type="hidden" name="state" value="${html(q.get("state") ?? "")}"></form>` +
          "<script>document.forms[0].submit()</script>",
      );
      return;
    }
    if (req.url === "/jwks") {
      fetches++;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ keys: [...keys.values()].filter((k) => k.published).map((k) => k.jwk) }));
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;

  const signer: LtiSigner = {
    origin,
    issuer: origin,
    // Fetched by the API, always over IPv4 loopback.
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    authUrl: `${origin}/auth`,
    tokenUrl: `${origin}/token`,
    get jwksFetches() {
      return fetches;
    },
    async addKey(kid, { publish = true } = {}) {
      const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
      keys.set(kid, { privateKey, jwk, published: publish });
      return { privateKey, jwk };
    },
    async sign(claims, { kid, key } = {}) {
      const entry = kid ? keys.get(kid) : [...keys.values()][0];
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: kid ?? entry?.jwk.kid ?? "none" })
        .sign(key ?? (entry?.privateKey as PrivateKey));
      harvestSecrets({ token });
      return token;
    },
    publicJwk() {
      const first = [...keys.values()][0];
      if (!first) throw new Error("no key yet");
      return first.jwk;
    },
    pages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  await signer.addKey("platform-key-1");
  return signer;
}
