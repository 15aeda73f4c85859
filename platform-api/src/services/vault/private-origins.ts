/**
 * `ALLOW_PRIVATE_PROVIDER_URLS`: the origins an operator lets users' provider base URLs and
 * webhook URLs reach although they are private (a model server on this machine, a receiver on the
 * internal network). An entry is an origin — scheme, host and port — and admits that origin only:
 * allowing `http://127.0.0.1:11434` does not open another port of this machine, nor https on it.
 */

/** Allowed origins, each as `scheme://host:port` with the port always written (see `originKey`). */
export type PrivateOrigins = ReadonlySet<string>;

export type ParsedOrigin = { ok: true; origin: string } | { ok: false; message: string };

const DEFAULT_PORTS: Readonly<Record<string, string>> = { "http:": "80", "https:": "443" };

/** A host as compared: lower case, without IPv6 brackets or the trailing dot of a rooted name. */
export const normaliseHost = (host: string) =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.+$/, "");

/** The form allowed origins and URLs are compared in; undefined for a scheme other than http(s). */
export function originKey(url: URL): string | undefined {
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (!defaultPort) return undefined;
  const host = normaliseHost(url.hostname);
  return `${url.protocol}//${host.includes(":") ? `[${host}]` : host}:${url.port || defaultPort}`;
}

/** Whether an operator allowed this URL's origin: its scheme, host and port all match an entry. */
export function allowsPrivate(origins: PrivateOrigins, url: URL): boolean {
  const key = originKey(url);
  return key !== undefined && origins.has(key);
}

// A host, optionally with a port, as people write them: `127.0.0.1`, `models.internal:8000`, `[::1]:11434`.
const BARE_HOST = /^(?:[a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/**
 * One entry of the setting. The messages say how to write it instead, and quote only the origin
 * part of what was written: a path or query string may carry a token, and a URL a password.
 */
export function parsePrivateOrigin(raw: string, position: number): ParsedOrigin {
  const entry = raw.trim();
  const which = `entry ${position}`;
  const bare = BARE_HOST.exec(entry);
  if (bare) {
    const example = bare[1] ? `http://${entry}` : `http://${entry}:<port>`;
    return {
      ok: false,
      message:
        `${which} ("${entry}") is a host alone, and entries are origins now: write the scheme, host ` +
        `and port the server listens on, e.g. "${example}" (without a port, the scheme's default: ` +
        "80 for http, 443 for https).",
    };
  }
  const url = URL.canParse(entry) ? new URL(entry) : undefined;
  const key = url ? originKey(url) : undefined;
  if (!url || !key || !url.hostname) {
    return {
      ok: false,
      message: `${which} is not an http:// or https:// origin; write the scheme, host and port, e.g. "http://10.0.0.5:8000".`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: `${which} carries a user name or password; write the origin alone, e.g. "${url.origin}".`,
    };
  }
  if (url.pathname !== "/" || url.search || url.hash || entry.endsWith("?") || entry.endsWith("#")) {
    return {
      ok: false,
      message: `${which} has more than an origin (a path, query or fragment); write "${url.origin}" alone.`,
    };
  }
  return { ok: true, origin: key };
}

/**
 * The whole setting, entry by entry; any entry that is not an origin is an error naming each
 * one, so a service is never started with an allowance that silently means something else.
 */
export function parsePrivateOrigins(entries: readonly string[]): PrivateOrigins {
  const origins = new Set<string>();
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const parsed = parsePrivateOrigin(entry, i + 1);
    if (parsed.ok) origins.add(parsed.origin);
    else problems.push(parsed.message);
  });
  if (problems.length > 0) throw new Error(`ALLOW_PRIVATE_PROVIDER_URLS: ${problems.join(" ")}`);
  return origins;
}
