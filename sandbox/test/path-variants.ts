import { request } from "node:http";

/**
 * Other spellings of a route's path that a router or a proxy might take for the same route: case
 * changes, doubled and dot segments, trailing slashes, percent-encoded letters and slashes, `;`
 * parameters. Shared by both services' path fuzzers.
 */
export function pathVariants(path: string): string[] {
  const out = new Set<string>();
  const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, "0");
  // Case: all upper, and each letter upper-cased on its own.
  out.add(path.toUpperCase());
  for (let i = 0; i < path.length; i++) {
    const c = path.charAt(i);
    if (/[a-z]/.test(c)) out.add(path.slice(0, i) + c.toUpperCase() + path.slice(i + 1));
  }
  const segments = path.split("/").slice(1);
  out.add(`/${path}`);
  out.add(`${path}/`);
  out.add(`${path}//`);
  out.add(`${path}/.`);
  out.add(`/.${path}`);
  out.add(`${path};`);
  out.add(`${path};x=1`);
  out.add(`${path}%2f`);
  out.add(`${path}%00`);
  out.add(`${path}%20`);
  out.add(`${path}.json`);
  out.add(path.replaceAll("/", "\\"));
  for (let i = 1; i < segments.length; i++) {
    const before = `/${segments.slice(0, i).join("/")}`;
    const after = segments.slice(i).join("/");
    out.add(`${before}//${after}`);
    out.add(`${before}/./${after}`);
    out.add(`${before}/x/../${after}`);
    out.add(`${before}%2F${after}`);
    out.add(`${before}%2f${after}`);
    out.add(`${before};x=1/${after}`);
    out.add(`${before};/${after}`);
  }
  // Each letter percent-encoded, in both hex cases, and every character at once.
  for (let i = 0; i < path.length; i++) {
    const c = path.charAt(i);
    if (/[A-Za-z0-9]/.test(c)) {
      out.add(`${path.slice(0, i)}%${hex(c)}${path.slice(i + 1)}`);
      out.add(`${path.slice(0, i)}%${hex(c).toUpperCase()}${path.slice(i + 1)}`);
    }
  }
  out.add(
    path
      .split("")
      .map((c) => (c === "/" ? c : `%${hex(c)}`))
      .join(""),
  );
  out.delete(path);
  return [...out];
}

/**
 * Sends a request with the path exactly as given: `fetch` would normalise dot segments and
 * backslashes before they reach the server, which is the very thing under test.
 */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
