#!/usr/bin/env node
// A course site on its own origin, serving one lesson page that embeds Codeground exercises.
//
//   CODEGROUND_URL=http://127.0.0.1:8080 EMBED_KEY=pk_… PROBLEMS=two-sum,fizzbuzz \
//     node examples/course-site/server.mjs            # then open http://127.0.0.1:5500
//
// The embed's allowed origins must include this site's origin (http://127.0.0.1:5500).
import { readFile } from "node:fs/promises";
import http from "node:http";
import { fileURLToPath } from "node:url";

const FILES = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/index.html": ["index.html", "text/html; charset=utf-8"],
  "/keys.html": ["keys.html", "text/html; charset=utf-8"],
  "/lesson.js": ["lesson.js", "text/javascript; charset=utf-8"],
  "/lesson.css": ["lesson.css", "text/css; charset=utf-8"],
};

const escapeAttr = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Starts the site; resolves to `{ url, close }`. `codegroundUrl` is where the platform serves
 * /widget.js; `problems` the two exercises' slugs.
 */
export async function startCourseSite({ port = 0, host = "127.0.0.1", codegroundUrl, embedKey, problems }) {
  const dir = new URL(".", import.meta.url);
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://site").pathname;
    const entry = FILES[path];
    if (req.method !== "GET" || !entry) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    let body = await readFile(new URL(entry[0], dir), "utf8");
    if (entry[0].endsWith(".html")) {
      const values = {
        CODEGROUND_URL: codegroundUrl.replace(/\/$/, ""),
        EMBED_KEY: embedKey,
        PROBLEM_1: problems[0] ?? "",
        PROBLEM_2: problems[1] ?? problems[0] ?? "",
      };
      body = body.replace(/\{\{(\w+)\}\}/g, (_m, name) => escapeAttr(values[name] ?? ""));
    }
    res.writeHead(200, { "Content-Type": entry[1], "Cache-Control": "no-store" }).end(body);
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address();
  return {
    url: `http://${host}:${actual}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { CODEGROUND_URL = "http://127.0.0.1:8080", EMBED_KEY, PROBLEMS = "two-sum,fizzbuzz" } = process.env;
  if (!EMBED_KEY) {
    console.error("Set EMBED_KEY to your embed's publishable key (pk_…); create the embed in the portal.");
    process.exit(1);
  }
  const site = await startCourseSite({
    port: Number(process.env.PORT ?? 5500),
    codegroundUrl: CODEGROUND_URL,
    embedKey: EMBED_KEY,
    problems: PROBLEMS.split(","),
  });
  console.log(`Course site on ${site.url} (widget from ${CODEGROUND_URL})`);
}
