/**
 * What `<cg-keys>` says (notices, errors), kept as catalog messages and their values rather than
 * text, so each reads in the locale shown, even one whose chunk arrives after it was said.
 */
import { describeError, WidgetApiError } from "./api.js";
import type { Translator } from "./i18n.js";
import type { KeysKey } from "./locales/keys/index.js";

/** A catalog message with its values (a value may itself be a catalog message), or words from elsewhere. */
export type Said =
  | { key: KeysKey; params?: Readonly<Record<string, string | number | { key: KeysKey }>> }
  | { text: string };

/**
 * A name the user chose, isolated from the sentence around it (U+2068…U+2069), so "my-key" keeps
 * its shape inside an Arabic sentence and an Arabic name inside an English one.
 */
export const isolate = (name: string): string => `\u2068${name}\u2069`;

/** Errors the catalog words itself (the connect window's, the network's, a few of the API's). */
const WORDED_ERRORS: ReadonlySet<string> = new Set([
  "popup_blocked",
  "grant_window_closed",
  "aborted",
  "not_embedded",
  "network_error",
  "rate_limited",
  "key_not_found",
]);

/** The text of what was said, in the translator's locale; "" for nothing. */
export function sayIn(t: Translator<KeysKey>, said: Said | undefined): string {
  if (!said) return "";
  if ("text" in said) return said.text;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(said.params ?? {})) {
    params[name] = typeof value === "object" ? t.t(value.key) : value;
  }
  return t.t(said.key, params);
}

/** A failure the element words itself (a key the provider refused): thrown, then said as it is. */
export class SaidError extends Error {
  constructor(readonly said: Said) {
    super("key" in said ? said.key : said.text);
    this.name = "SaidError";
  }
}

/**
 * An error as the user reads it: worded by the catalog where it words the code; else the API's
 * message (with the fields it names and the request id), or the connect window's own words.
 */
export function errorSaid(err: unknown): Said {
  if (err instanceof SaidError) return err.said;
  if (err instanceof WidgetApiError && WORDED_ERRORS.has(err.code)) {
    return { key: `error.${err.code}` as KeysKey };
  }
  return { text: describeError(err) };
}

/**
 * A translated message with some placeholders filled by markup instead of text (`<strong>` around
 * a name): `richText(t.t("account.connected"), { account: html\`<strong>${who}</strong>\` })`.
 * The translator leaves the placeholders it was not given as `{name}`.
 */
export function richText(text: string, values: Readonly<Record<string, unknown>>): unknown[] {
  return text.split(/(\{\w+\})/).map((part) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return name !== undefined && Object.hasOwn(values, name) ? values[name] : part;
  });
}
