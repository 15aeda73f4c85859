import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What the server does with one request: answer, or act (drop the connection, hang). */
export type Reply = (req: SeenRequest, res: ServerResponse) => void;

/** A loopback HTTP server answering from a script, one entry per request, recording each request. */
export async function startLoopback() {
  const requests: SeenRequest[] = [];
  const script: Reply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(seen);
      const reply = script.shift() ?? json(500, { error: "unscripted request" });
      reply(seen, res);
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** The API's error body. */
export function apiError(
  status: number,
  type: string,
  code: string,
  requestId: string,
  headers: Record<string, string> = {},
  details?: unknown,
): Reply {
  return json(
    status,
    { error: { type, code, message: `${code} happened`, ...(details ? { details } : {}), requestId } },
    { "X-Request-Id": requestId, ...headers },
  );
}

/** Closes the connection without an answer. */
export const drop: Reply = (_req, res) => res.socket?.destroy();

/** Never answers. */
export const hang: Reply = () => undefined;
