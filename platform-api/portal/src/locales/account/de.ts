import type { AccountCatalog } from "./index.js";

const de: AccountCatalog = {
  continue: "Weiter",
  "back.login": "Zurück zur Anmeldung",
  email: "E-Mail",
  password: "Passwort",
  "verify.title": "Bestätige deine E-Mail-Adresse",
  "verify.busy": "Der Link wird geprüft…",
  "verify.done": "Deine E-Mail-Adresse {email} ist bestätigt.",
  "verify.invalid":
    "Dieser Link gilt nicht mehr: Er wurde schon benutzt, ist abgelaufen oder unvollständig. Melde dich an und fordere über den Hinweis oben im Portal einen neuen an.",
  "verify.again": "Neuen Link senden",
  "verify.again.sent": "Wir haben einen neuen Link an {email} geschickt.",
  "verify.missing":
    "Diese Seite braucht den Link aus deiner E-Mail. Öffne den Link, den wir dir geschickt haben.",
  "forgot.title": "Passwort vergessen?",
  "forgot.intro":
    "Gib die Adresse ein, mit der du dich anmeldest. Wir schicken dir einen Link, mit dem du ein neues Passwort wählst.",
  "forgot.send": "Link senden",
  "forgot.sent":
    "Falls es ein Konto für {email} gibt, haben wir einen Link dorthin geschickt. Er funktioniert einmal, 30 Minuten lang. Sieh auch im Spam-Ordner nach, falls er nicht ankommt.",
  "reset.title": "Neues Passwort wählen",
  "reset.new": "Neues Passwort",
  "reset.repeat": "Neues Passwort wiederholen",
  "reset.hint": "Mindestens 10 Zeichen; am besten eine Passphrase.",
  "reset.mismatch": "Die beiden Passwörter stimmen nicht überein. Gib zweimal dasselbe Passwort ein.",
  "reset.code": "Code aus deiner Authenticator-App oder ein Wiederherstellungscode",
  "reset.code.why": "Für dieses Konto ist die Zwei-Faktor-Anmeldung aktiv: Gib zum Abschluss einen Code ein.",
  "reset.submit": "Passwort ändern",
  "reset.done":
    "Passwort geändert; alle Sitzungen wurden abgemeldet. Melde dich mit deinem neuen Passwort an.",
  "reset.invalid":
    "Dieser Link gilt nicht mehr: Er wurde schon benutzt, ist abgelaufen (Links gelten 30 Minuten) oder unvollständig. Fordere einen neuen an.",
  "reset.again": "Neuen Link anfordern",
  "settings.title": "Konto",
  "email.title": "E-Mail-Adresse",
  "email.current": "Du meldest dich mit {email} an.",
  "email.new": "Neue E-Mail-Adresse",
  "email.password": "Aktuelles Passwort",
  "email.submit": "E-Mail-Adresse ändern",
  "email.sent":
    "Wir haben einen Link an {email} geschickt. Deine Adresse ändert sich, sobald du ihn öffnest; bis dahin meldest du dich weiter mit der alten an.",
  "mail.title": "E-Mail-Benachrichtigungen",
  "mail.hint":
    "E-Mails zur Sicherheit deines Kontos, die du abschalten kannst. Jede Änderung wird sofort gespeichert.",
  "mail.keyExpiring": "Ein Schlüssel in meinem Tresor läuft in weniger als 7 Tagen ab",
  "mail.tutorBudget": "Ein Tutor-Budget erreicht 80 % oder 100 % seines Monats",
  "mail.mfaDisabled": "Die Zwei-Faktor-Anmeldung wurde abgeschaltet",
  "mail.tokenCreated": "Ein neues Zugriffstoken wurde erstellt",
  "mail.newSignIn": "Jemand hat sich in einem Browser angemeldet, den dieses Konto noch nie benutzt hat",
  "mail.loading": "Deine Benachrichtigungen werden geladen…",
  "mail.saved.on": "Gespeichert: Wir schreiben dir, wenn das passiert ({what}).",
  "mail.saved.off": "Gespeichert: keine E-Mails mehr dazu ({what}).",
  "data.title": "Deine Daten",
  "data.hint":
    "Eine JSON-Datei mit allem, was zu deinem Konto gespeichert ist: Profil, Einreichungen mit ihrem Code, Tutor-Gespräche, Schlüsseleinträge ohne ihre Geheimnisse, Audit-Einträge und Kurse.",
  "data.download": "Meine Daten herunterladen",
  "data.busy": "Deine Datei wird vorbereitet…",
  "data.done": "Deine Daten wurden als {file} gespeichert.",
  "delete.title": "Mein Konto löschen",
  "delete.hint": "Das Löschen deines Kontos lässt sich nicht rückgängig machen.",
  "delete.start": "Mein Konto löschen…",
  "delete.what":
    "Gelöscht werden deine Einreichungen, Tutor-Gespräche, Schlüssel samt Geheimnissen, Zugriffstokens und Sitzungen sowie die Kurse, die dir allein ohne weitere Lehrende gehören. Audit-Einträge bleiben erhalten, ohne deinen Namen und deine Adresse.",
  "delete.code": "Code aus deiner Authenticator-App oder ein Wiederherstellungscode",
  "delete.yes": "Mein Konto endgültig löschen",
  "delete.no": "Mein Konto behalten",
  "delete.done": "Dein Konto wurde gelöscht.",
  "delete.owns":
    "Dir gehört {courses}, wo auch andere unterrichten. Mache zuerst auf der Kursseite eine dieser Personen zur Eigentümerin und lösche dann dein Konto.",
};

export default de;
