import type { ConnectCatalog } from "./index.js";

const de: ConnectCatalog = {
  title: "Schlüssel verbinden",
  "title.origin": "Deine Schlüssel mit {origin} verbinden?",
  asks: "Die Codeground-Schlüsselverwaltung auf {origin} möchte eine Stunde lang die Schlüssel für KI-Anbieter in deinem Tresor verwalten: sie auflisten, hinzufügen, umbenennen, ersetzen und löschen und festlegen, welcher den Tutor bezahlt.",
  hint: "Sie sieht nie ein gespeichertes Geheimnis (nur dessen letzte vier Zeichen) und auch sonst nichts von deinem Konto, und die Kursseite selbst sieht gar nichts. Du kannst den Zugriff dort beenden (Trennen) oder auf deiner Sicherheitsseite unter den Zugriffstokens.",
  signed_in: "Angemeldet als {name}.",
  allow: "Für eine Stunde erlauben",
  cancel: "Abbrechen",
  log_out: "Nicht du? Abmelden",
  granting: "Zugriff wird erteilt…",
  granted: "Zugriff erteilt. Du kannst dieses Fenster schließen und zur Kursseite zurückkehren.",
  refused: "Du hast dich entschieden, dein Codeground-Konto nicht zu verbinden.",
  nothing_shared: "Es wurde nichts geteilt. Du kannst dieses Fenster schließen.",
  no_opener:
    "Öffne diese Seite über die Schlüsselverwaltung auf einer Kursseite (mit der Schaltfläche „Codeground-Konto verbinden“); hier gibt es nichts zu verbinden.",
  "error.embed_not_found":
    "Keine Einbettung hat diesen öffentlichen Schlüssel; die Seite, die dieses Fenster geöffnet hat, ist vielleicht veraltet.",
  "error.keys_not_enabled":
    "Diese Einbettung bietet keine Schlüsselverwaltung an; ihr Besitzer kann sie in den Einstellungen der Einbettung einschalten.",
  "error.origin_not_allowed":
    "Diese Einbettung ist auf {origin} nicht erlaubt; ihr Besitzer kann den Ursprung in den Einstellungen der Einbettung hinzufügen.",
  "error.network_error": "Codeground ist nicht erreichbar. Prüfe deine Verbindung.",
  "error.rate_limited": "Zu viele Anfragen; warte einen Moment und versuche es erneut.",
};
export default de;
