import type { ConnectCatalog } from "./index.js";

const de: ConnectCatalog = {
  title: "Codeground in deinem LMS registrieren",
  nothing:
    "Öffne dieses Fenster über die Tool-Registrierung deines LMS (die dynamische Registrierung von Codeground); hier gibt es nichts zu registrieren.",
  ask: "Codeground bei {platform} registrieren?",
  explain:
    "Die Lernplattform unter {platform} möchte Codeground als LTI-1.3-Tool hinzufügen. Die Registrierung gehört dir: Kurse, die von dieser Plattform gestartet werden, werden zu Codeground-Kursen, die dir gehören, und du kannst die Registrierung auf deiner LTI-Seite entfernen.",
  who: "Angemeldet als {name}.",
  register: "Registrieren",
  cancel: "Abbrechen",
  logout: "Nicht du? Abmelden",
  registering: "Wird registriert…",
  done: "Codeground ist bei {issuer} registriert. Du kannst dieses Fenster schließen; das LMS schließt die Einrichtung ab.",
  cancelled: "Es wurde nichts registriert. Du kannst dieses Fenster schließen.",
};
export default de;
