import http from "node:http";
import type { AddressInfo } from "node:net";

/** Text safe inside an HTML attribute. */
export const escapeAttr = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A course site on another loopback origin, serving the pages the test puts at a path. */
export async function startHostSite() {
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const body = pages.get(new URL(req.url ?? "/", "http://site").pathname);
    if (!body) res.writeHead(404).end("Not found\n");
    else res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type HostSite = Awaited<ReturnType<typeof startHostSite>>;
