import type { Catalog } from "../../i18n.js";

export default {
  tutor: "Tutor",
  you: "You",
  log: "Conversation",
  question: "Ask the tutor",
  placeholder: "Ask for a hint…",
  ask: "Ask",
  answering: "The tutor is answering…",
  "error.unexpected": "The tutor could not answer; try again.",
  "error.tutor_off": "The tutor is off during this assignment.",
  "error.network_error": "Codeground cannot be reached; check your connection.",
  "error.chat_not_enabled": "This course site does not offer the tutor.",
  "error.chat_not_sponsored":
    "The tutor is not available here: this course site does not provide an AI key for its learners. Ask the site's owner to sponsor the tutor.",
  "error.tutor_unavailable": "The AI tutor is not configured on this server.",
  "error.rate_limited": "Too many questions at once; wait a moment and ask again.",
  "error.embed_tutor_limit":
    "This course site's learners have used all the tutor messages it allows an hour; try again later.",
  "error.provider_unavailable": "The AI provider is not answering right now; try again in a minute.",
  "error.provider_timeout": "The AI provider stopped answering in the middle of a reply; ask again.",
  "error.provider_stream_failed": "The AI provider broke off its reply; ask again.",
} as const satisfies Catalog;
