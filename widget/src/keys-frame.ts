/**
 * The keys frame's element: `<cg-keys>` on a trusted page's own token, or else connected through
 * the user's consent in a Codeground window (a one-hour grant, held in this frame's memory only:
 * never stored, never posted to the host page). Either way the element asks the API whose vault
 * it is and says so before its form opens: a page's token may be someone else's, and then the
 * user can forget it and connect their own.
 */
import { createLearnerClient, WidgetApiError } from "./api.js";
import "./cg-keys.js";
import type { CgKeys, KeysConnection } from "./cg-keys.js";
import { requestKeyGrant } from "./key-grant.js";

export function keysElement(options: {
  embed: string;
  /** The host page's origin, as the frame verified it; none when the frame is not framed. */
  host: string | undefined;
  theme?: "light" | "dark" | "auto";
  /** The interface language the host element asked for (its `lang`); the frame's own otherwise. */
  locale?: string;
  token?: string;
}): CgKeys {
  const el = document.createElement("cg-keys");
  if (options.theme) el.theme = options.theme;
  if (options.locale) el.locale = options.locale;
  if (options.token) {
    el.client = createLearnerClient({ token: options.token }).keys;
    el.fromHostPage = true;
  }
  const host = options.host;
  if (!host) {
    // Opened on its own (not inside a course page): nothing to grant access to.
    el.connector = () =>
      Promise.reject(
        new WidgetApiError(0, "not_embedded", "Open this keys manager from the course page that embeds it."),
      );
    return el;
  }
  // The connect window speaks the keys manager's language.
  el.connector = async ({ locale }): Promise<KeysConnection> => {
    const grant = await requestKeyGrant({ embed: options.embed, host, lang: locale });
    const { keys } = createLearnerClient({ token: grant.token });
    return {
      keys,
      expiresAt: grant.expiresAt,
      end: () => keys.revokeToken(grant.tokenId),
    };
  };
  return el;
}
