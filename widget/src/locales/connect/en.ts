import type { Catalog } from "../../i18n.js";

export default {
  title: "Connect your keys",
  "title.origin": "Connect your keys to {origin}?",
  asks: "The Codeground keys manager on {origin} asks to manage the AI provider keys in your vault for one hour: list them, add, rename, replace and delete them, and choose which one pays for the tutor.",
  hint: "It never sees a saved secret (only its last four characters), nor anything else of your account, and the course site itself sees nothing. You can end it there (Disconnect) or on your Security page, under access tokens.",
  signed_in: "Signed in as {name}.",
  allow: "Allow for one hour",
  cancel: "Cancel",
  log_out: "Not you? Log out",
  granting: "Granting…",
  granted: "Access granted. You can close this window and go back to the course page.",
  refused: "You chose not to connect your Codeground account.",
  nothing_shared: "Nothing was shared. You can close this window.",
  no_opener:
    "Open this page from the keys manager on a course page (its “Connect your Codeground account” button); there is nothing to connect here.",
  "error.embed_not_found":
    "No embed has this publishable key; the page that opened this window may be out of date.",
  "error.keys_not_enabled":
    "This embed does not offer the keys manager; its owner can turn it on in the embed's settings.",
  "error.origin_not_allowed":
    "This embed is not allowed on {origin}; its owner can add the origin in the embed's settings.",
  "error.network_error": "Could not reach Codeground. Check your connection.",
  "error.rate_limited": "Too many requests; wait a moment and try again.",
} as const satisfies Catalog;
