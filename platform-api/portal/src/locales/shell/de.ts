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
  "intro.invitation.signup":
    "Neu hier? Registriere dich, öffne den Link aus unserer E-Mail, um deine Adresse zu bestätigen, und melde dich dann auf dieser Seite an, um die Einladung anzunehmen.",
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
  "auth.forgot": "Passwort vergessen?",
  "auth.check_inbox":
    "Sieh in deinem Posteingang nach: Wir haben einen Link an {email} geschickt. Öffne ihn, um deine Adresse zu bestätigen, und melde dich dann an.",
  "verify.banner":
    "Bestätige deine E-Mail-Adresse: Öffne den Link, den wir an {email} geschickt haben. Bis dahin kannst du keine Kurse und keine Einbettungen anlegen.",
  "verify.send_again": "Erneut senden",
  "verify.sent": "Wir haben einen neuen Link an {email} geschickt.",
  "verify.wait":
    "Gerade eben wurde ein Link verschickt. Warte ein paar Minuten, bevor du einen weiteren anforderst.",
  "error.email_unverified":
    "Bestätige zuerst deine E-Mail-Adresse: Öffne den Link, den wir dir geschickt haben, oder fordere über den Hinweis oben auf der Seite einen neuen an.",
  "copy.done": "Kopiert: {what}.",
  "copy.manual": "Kopieren nicht möglich ({what}): Markiere den Text und kopiere ihn von Hand.",
};
export default de;
