import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";

/**
 * The smallest LTI 1.3 tool that can drive the platform simulator: an RSA key and its JWKS, a
 * login initiation endpoint that answers with the OIDC authentication request, a launch endpoint
 * that verifies the id_token against the platform's JWKS, and a Dynamic Registration initiation
 * endpoint. It exists to test the simulator; the real tool lives in platform-api/src.
 */
export interface FakeTool {
  origin: string;
  jwksUrl: string;
  loginUrl: string;
  launchUrl: string;
  deepLinkUrl: string;
  registerUrl: string;
  /** The platform the login endpoint sends authentication requests to. */
  trust(platform: { issuer: string; authUrl: string; jwksUrl: string; clientId: string }): void;
  /** Launches received and verified, with their claims. */
  launches: JWTPayload[];
  /** Dynamic registrations completed through `registerUrl`: the platform's answers. */
  registrations: Array<Record<string, unknown>>;
  /** The registration request `registerUrl` sends; tests may change it before opening the URL. */
  registrationRequest: (config: Record<string, unknown>) => Record<string, unknown>;
  /** Signs with the tool's current key (or another kid, for refusals). */
  sign(claims: JWTPayload, options?: { kid?: string; key?: "current" | "stranger" }): Promise<string>;
  clientAssertion(clientId: string, audience: string, overrides?: JWTPayload): Promise<string>;
  rotateKey(): Promise<string>;
  close(): Promise<void>;
}

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

async function newKey(): Promise<{ kid: string; pair: KeyPair; jwk: JWK }> {
  const pair = await generateKeyPair("RS256", { extractable: true });
  const kid = randomBytes(6).toString("hex");
  return { kid, pair, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" } };
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startFakeTool(): Promise<FakeTool> {
  let key = await newKey();
  const stranger = await newKey();
  let platform: { issuer: string; authUrl: string; jwksUrl: string; clientId: string } | undefined;
  const states = new Map<string, string>();
  const launches: JWTPayload[] = [];
  const registrations: Array<Record<string, unknown>> = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end((error as Error).message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tool: FakeTool = {
    origin,
    jwksUrl: `${origin}/jwks`,
    loginUrl: `${origin}/login`,
    launchUrl: `${origin}/launch`,
    deepLinkUrl: `${origin}/deep-link`,
    registerUrl: `${origin}/register`,
    trust(p) {
      platform = p;
    },
    launches,
    registrations,
    registrationRequest: () => ({
      application_type: "web",
      response_types: ["id_token"],
      grant_types: ["implicit", "client_credentials"],
      initiate_login_uri: `${origin}/login`,
      redirect_uris: [`${origin}/launch`, `${origin}/deep-link`],
      client_name: "Fake tool",
      jwks_uri: `${origin}/jwks`,
      token_endpoint_auth_method: "private_key_jwt",
      scope: [
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
      ].join(" "),
      "https://purl.imsglobal.org/spec/lti-tool-configuration": {
        domain: new URL(origin).host,
        target_link_uri: `${origin}/launch`,
        custom_parameters: { user: "$User.id" },
        claims: ["iss", "sub", "name", "email"],
        messages: [
          { type: "LtiDeepLinkingRequest", target_link_uri: `${origin}/deep-link`, label: "Add a problem" },
        ],
      },
    }),
    async sign(claims, options = {}) {
      const k = options.key === "stranger" ? stranger : key;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: options.kid ?? k.kid, typ: "JWT" })
        .sign(k.pair.privateKey);
    },
    async clientAssertion(clientId, audience, overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      return tool.sign({
        iss: clientId,
        sub: clientId,
        aud: audience,
        iat: now,
        exp: now + 300,
        jti: randomBytes(12).toString("hex"),
        ...overrides,
      });
    },
    async rotateKey() {
      key = await newKey();
      return key.kid;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", origin);
    if (url.pathname === "/jwks") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ keys: [key.jwk] }));
      return;
    }
    if (url.pathname === "/login") {
      const params = req.method === "POST" ? await formOf(req) : url.searchParams;
      if (!platform || params.get("iss") !== platform.issuer) {
        res.writeHead(400).end("unknown issuer");
        return;
      }
      const state = randomBytes(12).toString("hex");
      const nonce = randomBytes(12).toString("hex");
      states.set(state, nonce);
      // The redirect URI is the registered one; the target link URI may carry a query of its own.
      const target = new URL(params.get("target_link_uri") ?? `${origin}/launch`);
      const auth = new URL(platform.authUrl);
      const query: Record<string, string> = {
        scope: "openid",
        response_type: "id_token",
        response_mode: "form_post",
        prompt: "none",
        client_id: params.get("client_id") ?? platform.clientId,
        redirect_uri: `${target.origin}${target.pathname}`,
        login_hint: params.get("login_hint") ?? "",
        state,
        nonce,
      };
      const hint = params.get("lti_message_hint");
      if (hint) query.lti_message_hint = hint;
      for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v);
      res.writeHead(302, { Location: auth.href }).end();
      return;
    }
    if ((url.pathname === "/launch" || url.pathname === "/deep-link") && req.method === "POST") {
      const form = await formOf(req);
      const nonce = states.get(form.get("state") ?? "");
      if (!platform || !nonce) {
        res.writeHead(400).end("unknown state");
        return;
      }
      states.delete(form.get("state") ?? "");
      const { payload } = await jwtVerify(
        form.get("id_token") ?? "",
        createRemoteJWKSet(new URL(platform.jwksUrl)),
        {
          issuer: platform.issuer,
          audience: platform.clientId,
          algorithms: ["RS256"],
        },
      );
      if (payload.nonce !== nonce) {
        res.writeHead(400).end("nonce mismatch");
        return;
      }
      launches.push(payload);
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Launched</title><p id="launched">Launched for ${String(payload.sub)}</p>`,
      );
      return;
    }
    if (url.pathname === "/register") {
      const configUrl = url.searchParams.get("openid_configuration") ?? "";
      const token = url.searchParams.get("registration_token");
      const config = (await (await fetch(configUrl)).json()) as Record<string, unknown>;
      const answer = await fetch(String(config.registration_endpoint), {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(tool.registrationRequest(config)),
      });
      const body = (await answer.json()) as Record<string, unknown>;
      if (answer.ok) registrations.push(body);
      res.writeHead(answer.ok ? 200 : 502, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: answer.status, body }));
      return;
    }
    res.writeHead(404).end();
  }

  return tool;
}
