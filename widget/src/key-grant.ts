/**
 * How a keys manager inside an embed gets hold of a user's vault. The frame lives on a course
 * site, where the browser withholds the portal's SameSite session cookie; so it opens a top-level
 * Codeground window (`/connect`), where the user signs in (with two-factor) and says yes. That
 * window asks the API for a one-hour grant (a token with the `keys` scopes only) and posts it to
 * the window that opened it — at our own origin, so no other page can receive it.
 *
 * The errors here carry codes the keys manager words in the user's language (`popup_blocked`,
 * `grant_window_closed`, `aborted`); a refusal carries the connect window's own words, already
 * in that language.
 */
import type { KeyGrant } from "@codeground/sdk";
import { WidgetApiError } from "./api.js";

/** The message `/connect` posts to its opener. */
export type GrantMessage =
  | { type: "cg:grant"; grant: KeyGrant }
  | { type: "cg:grant-refused"; message: string };

const CLOSED_POLL_MS = 400;
/**
 * How long a closed window's last message may still be on its way: the window posts, then closes,
 * and the two reach this frame by different paths, so "closed" can be seen first.
 */
const CLOSED_GRACE_MS = 1500;

/**
 * The connect window's address: it names the embed and the host page's origin, and the language
 * the keys manager speaks (`lang`), so the window speaks it too.
 */
export function connectUrl(origin: string, embed: string, host: string, lang?: string): string {
  const url = new URL("/connect", origin);
  url.searchParams.set("embed", embed);
  url.searchParams.set("origin", host);
  if (lang) url.searchParams.set("lang", lang);
  return url.href;
}

const isGrant = (grant: unknown): grant is KeyGrant => {
  const g = grant as Partial<KeyGrant> | null;
  return (
    typeof g?.token === "string" &&
    typeof g.tokenId === "string" &&
    typeof g.expiresAt === "string" &&
    typeof g.user?.email === "string"
  );
};

/**
 * Opens the connect window and resolves to the grant it posts back. Only a message from that
 * very window, at our own origin, counts. Rejects when the browser blocks the window, when the
 * user closes it or says no, or when `signal` aborts.
 */
export function requestKeyGrant(
  { embed, host, lang, signal }: { embed: string; host: string; lang?: string; signal?: AbortSignal },
  win: Window = window,
): Promise<KeyGrant> {
  return new Promise((resolve, reject) => {
    const popup = win.open(
      connectUrl(win.location.origin, embed, host, lang),
      "cg-connect",
      "popup,width=520,height=720",
    );
    if (!popup) {
      reject(
        new WidgetApiError(
          0,
          "popup_blocked",
          "Your browser blocked the Codeground sign-in window. Allow pop-ups for this page, then try again.",
        ),
      );
      return;
    }
    let grace: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: () => void) => {
      win.removeEventListener("message", listen);
      clearInterval(watch);
      clearTimeout(grace);
      signal?.removeEventListener("abort", abort);
      outcome();
    };
    const listen = (event: MessageEvent) => {
      if (event.origin !== win.location.origin || event.source !== popup) return;
      const data = event.data as Partial<GrantMessage> | null;
      if (data?.type === "cg:grant" && isGrant(data.grant)) {
        const grant = data.grant;
        finish(() => resolve(grant));
      } else if (data?.type === "cg:grant-refused") {
        const message =
          typeof data.message === "string" ? data.message.slice(0, 500) : "Access was not granted.";
        finish(() => reject(new WidgetApiError(0, "grant_refused", message)));
      }
    };
    const watch = setInterval(() => {
      if (!popup.closed) return;
      clearInterval(watch);
      const closed = new WidgetApiError(
        0,
        "grant_window_closed",
        "The Codeground window was closed before access was granted.",
      );
      grace = setTimeout(() => finish(() => reject(closed)), CLOSED_GRACE_MS);
    }, CLOSED_POLL_MS);
    const abort = () => {
      popup.close();
      finish(() => reject(new WidgetApiError(0, "aborted", "Connecting was cancelled.")));
    };
    win.addEventListener("message", listen);
    signal?.addEventListener("abort", abort, { once: true });
  });
}
