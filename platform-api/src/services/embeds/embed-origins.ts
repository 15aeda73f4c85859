/**
 * Whether a request's `Origin` is one an embed allows. Entries are normalised when saved
 * (`normaliseAllowedOrigin` in the SDK): exact origins, or `https://*.example.edu`, which covers
 * every subdomain of example.edu (as `frame-ancestors` does) but not example.edu itself.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): origin is string {
  const parsed = parseOrigin(origin);
  if (!parsed) return false;
  for (const entry of allowed) {
    if (entry === parsed.origin) return true;
    const pattern = /^https:\/\/\*\.([^/:]+)(?::(\d+))?$/.exec(entry);
    if (!pattern || parsed.protocol !== "https:") continue;
    const [, domain = "", port = ""] = pattern;
    if (parsed.port === port && parsed.hostname.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/**
 * Whether an embed request comes from where it may: one of the embed's allowed origins, or our own
 * origin (the embed frames are served from it, inside pages `frame-ancestors` allows).
 */
export const embedOriginOk = (origin: string, allowed: readonly string[], ownOrigin: string): boolean =>
  origin === ownOrigin || originAllowed(origin, allowed);

/**
 * The entries that could allow this origin: itself and a pattern for each parent domain. Lets a
 * caller look embeds up by origin without scanning every one in code.
 */
export function candidateEntries(origin: string | undefined): string[] {
  const parsed = parseOrigin(origin);
  if (!parsed) return [];
  const entries = [parsed.origin];
  if (parsed.protocol === "https:" && !parsed.hostname.startsWith("[")) {
    const labels = parsed.hostname.split(".");
    for (let i = 1; i <= labels.length - 2; i++) {
      entries.push(`https://*.${labels.slice(i).join(".")}${parsed.port ? `:${parsed.port}` : ""}`);
    }
  }
  return entries;
}

/** A browser's `Origin` header as a URL, or undefined for `null`, garbage, or anything with a path. */
function parseOrigin(origin: string | undefined): URL | undefined {
  if (!origin || origin === "null" || origin.length > 300 || !URL.canParse(origin)) return undefined;
  const url = new URL(origin);
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  // Browsers send origins already normalised; anything else was written by hand.
  return url.origin === origin ? url : undefined;
}
