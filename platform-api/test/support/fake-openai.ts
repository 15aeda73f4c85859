import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FakeProvider {
  /** `http://127.0.0.1:<port>`; an OpenAI-compatible base URL is `${url}/v1`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** The keys it accepts; tests may add and remove. */
  keys: Set<string>;
  close(): Promise<void>;
}

/**
 * A model provider on loopback speaking just enough of each protocol to check a key:
 * `GET /v1/models` (OpenAI `Authorization: Bearer`, or Anthropic `x-api-key`), `GET /v1beta/models`
 * (Google `x-goog-api-key`), `GET /openai/models` (Azure `api-key`). A known key gets 200 and a
 * model list; anything else 401 with the presented key quoted back, as real providers do — so a
 * test can catch a provider's answer being relayed. Prefixes change the behaviour:
 * `/status/<code>/…` answers that status, `/redirect/…` redirects to the cloud metadata address,
 * `/hang/…` never answers.
 */
export async function startFakeProvider(options: { keys?: string[] } = {}): Promise<FakeProvider> {
  const keys = new Set(options.keys ?? []);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith("/hang/")) return; // never answers; close() ends it
    if (path.startsWith("/redirect/")) {
      res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/" });
      res.end();
      return;
    }
    const forced = /^\/status\/(\d{3})\//.exec(path)?.[1];
    if (forced) return json(Number(forced), { error: { message: `forced ${forced}` } });
    const presented = presentedKey(path, req.headers);
    if (req.method !== "GET" || presented === undefined) {
      return json(404, { error: { message: `no route for ${req.method} ${path}` } });
    }
    if (!keys.has(presented)) {
      return json(401, {
        error: { message: `Incorrect API key provided: ${presented}`, type: "invalid_key" },
      });
    }
    json(200, { object: "list", data: [{ id: "fake-model-1", object: "model" }] });
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    keys,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The key as the protocol for this path carries it, "" when the header is missing. */
function presentedKey(path: string, headers: IncomingHttpHeaders): string | undefined {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  if (path.endsWith("/v1beta/models")) return header("x-goog-api-key") ?? "";
  if (path.endsWith("/openai/models")) return header("api-key") ?? "";
  if (path.endsWith("/v1/models")) {
    const bearer = /^Bearer (.+)$/.exec(header("authorization") ?? "")?.[1];
    return bearer ?? header("x-api-key") ?? "";
  }
  return undefined;
}
