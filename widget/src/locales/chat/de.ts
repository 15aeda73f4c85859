import type { ChatCatalog } from "./index.js";

const de: ChatCatalog = {
  tutor: "Tutor",
  you: "Du",
  log: "Unterhaltung",
  question: "Frag den Tutor",
  placeholder: "Bitte um einen Tipp…",
  ask: "Fragen",
  answering: "Der Tutor antwortet…",
  "error.unexpected": "Der Tutor konnte nicht antworten. Versuche es noch einmal.",
  "error.tutor_off": "Der Tutor ist während dieser Aufgabe ausgeschaltet.",
  "error.network_error": "Codeground ist nicht erreichbar. Prüfe deine Verbindung.",
  "error.chat_not_enabled": "Diese Kursseite bietet den Tutor nicht an.",
  "error.chat_not_sponsored":
    "Der Tutor ist hier nicht verfügbar: Diese Kursseite stellt ihren Lernenden keinen KI-Schlüssel bereit. Bitte die Betreiber der Seite, den Tutor zu finanzieren.",
  "error.tutor_unavailable": "Der KI-Tutor ist auf diesem Server nicht eingerichtet.",
  "error.rate_limited": "Zu viele Fragen auf einmal. Warte kurz und frag dann noch einmal.",
  "error.embed_tutor_limit":
    "Die Lernenden dieser Kursseite haben alle Tutor-Nachrichten verbraucht, die sie pro Stunde erlaubt. Versuche es später noch einmal.",
  "error.provider_unavailable":
    "Der KI-Anbieter antwortet gerade nicht. Versuche es in einer Minute noch einmal.",
  "error.provider_timeout": "Der KI-Anbieter hat mitten in der Antwort aufgehört. Frag noch einmal.",
  "error.provider_stream_failed": "Der KI-Anbieter hat seine Antwort abgebrochen. Frag noch einmal.",
};
export default de;
