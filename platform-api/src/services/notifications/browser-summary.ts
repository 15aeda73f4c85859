import type { MailParams } from "../mail/render.js";

/** Browsers by the token their user agent carries; order matters (Edge and Opera also say Chrome). */
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\b(?:Chrome|Chromium|CriOS)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bcurl\//, "curl"],
  [/\bnode(?:-fetch)?\b|\bundici\b/i, "Node.js"],
  [/\bpython-requests\b|\bPython\b/i, "Python"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const first = (table: [RegExp, string][], agent: string) =>
  table.find(([pattern]) => pattern.test(agent))?.[1];

/**
 * A user agent as the mail names it: "Chrome on Linux", "Firefox", or an unknown browser, in the
 * recipient's language (the words around the names are catalog keys). Never free text from the
 * agent: a client's own words do not reach a mail's subject.
 */
export function browserSummary(userAgent: string | undefined): MailParams[string] {
  const agent = userAgent ?? "";
  const browser = first(BROWSERS, agent);
  const system = first(SYSTEMS, agent);
  if (browser && system) return { key: "new_sign_in.browserOn", params: { browser, system } };
  return browser ?? system ?? { key: "new_sign_in.unknownBrowser" };
}
