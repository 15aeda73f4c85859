import type { ShellCatalog } from "./index.js";

const de: ShellCatalog = {
  "nav.label": "Portal",
  "nav.problems": "Aufgaben",
  "nav.courses": "Kurse",
  "nav.keys": "Schlüssel",
  "nav.security": "Sicherheit",
  "nav.embeds": "Einbettungen",
  "nav.lti": "LTI",
  "nav.audit": "Audit-Protokoll",
  "nav.author": "Erstellen",
  "nav.admin": "Benutzer",
  language: "Sprache",
  loading: "Wird geladen…",
  logout: "Abmelden",
  "error.chunk": "Diese Seite konnte nicht geladen werden. Prüfe deine Verbindung und lade die Seite neu.",
  "error.network": "Codeground ist nicht erreichbar. Prüfe deine Verbindung.",
  "error.http": "Die Anfrage ist fehlgeschlagen (HTTP {status}).",
  "intro.connect":
    "Melde dich bei Codeground an, um deine Schlüssel für KI-Anbieter mit der Kursseite zu verbinden, die dich hierher geschickt hat.",
  "intro.lti":
    "Melde dich bei Codeground an oder erstelle ein Konto, um Codeground bei der Lernplattform (LMS) zu registrieren, die dich hierher geschickt hat.",
  "intro.invitation":
    "Du wurdest eingeladen, einen Kurs auf Codeground mitzubetreuen. Melde dich mit der E-Mail-Adresse an, an die die Einladung ging, oder erstelle damit ein Konto; danach kannst du sie annehmen.",
  "sandbox.down":
    "Code kann gerade nicht ausgeführt werden: Die Sandbox ist nicht erreichbar. Du kannst weiterhin Aufgaben ansehen und deine Schlüssel verwalten; Ausführen und Einreichen funktionieren wieder, sobald sie zurück ist.",
  "auth.login": "Anmelden",
  "auth.signup.title": "Konto erstellen",
  "auth.mfa.title": "Zwei-Faktor-Prüfung",
  "auth.code": "Code aus deiner Authenticator-App oder ein Wiederherstellungscode",
  "auth.name": "Name (optional)",
  "auth.email": "E-Mail",
  "auth.password": "Passwort",
  "auth.password.hint": "Mindestens 10 Zeichen; am besten eine Passphrase.",
  "auth.signup": "Registrieren",
  "auth.verify": "Bestätigen",
  "auth.need_account": "Ich brauche ein Konto",
  "auth.back": "Zurück zur Anmeldung",
  "copy.done": "Kopiert: {what}.",
  "copy.manual": "Kopieren nicht möglich ({what}): Markiere den Text und kopiere ihn von Hand.",
};
export default de;
