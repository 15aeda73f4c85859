import { readFile } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { REPO_DIR, SDK_DIR } from "./built.js";

/** What the page may load: the built SDK and zod, as a browser would get them from any static host. */
const STATIC: Record<string, string> = {
  "/sdk/": path.join(SDK_DIR, "dist"),
  "/zod/": path.join(REPO_DIR, "node_modules/zod"),
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SDK in a browser</title>
<script type="importmap">
{ "imports": { "@codeground/sdk": "/sdk/index.js", "zod": "/zod/index.js" } }
</script>
</head>
<body><p>The SDK's ESM build, loaded unbundled through an import map.</p></body>
</html>
`;

/**
 * A page origin for browser tests: serves a blank page, the SDK's ESM build and zod, and passes
 * `/api/v1/*` through to the API (streaming both ways), so the page calls the API same-origin.
 */
export async function startBrowserSite(apiUrl: string) {
  const api = new URL(apiUrl);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://site");
    if (url.pathname.startsWith("/api/")) {
      const upstream = request(
        { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      // The browser leaving (an aborted fetch) ends the request to the API too.
      res.on("close", () => upstream.destroy());
      req.pipe(upstream);
      return;
    }
    if (url.pathname === "/") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(PAGE);
      return;
    }
    const prefix = Object.keys(STATIC).find((p) => url.pathname.startsWith(p));
    const root = prefix ? STATIC[prefix] : undefined;
    const file = root && prefix ? path.resolve(root, `.${url.pathname.slice(prefix.length - 1)}`) : undefined;
    if (!root || !file?.startsWith(`${root}${path.sep}`) || !file.endsWith(".js")) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (content) => {
        res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
        res.end(content);
      },
      () => res.writeHead(404).end(),
    );
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
