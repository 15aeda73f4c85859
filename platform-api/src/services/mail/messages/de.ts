import type { MailMessageKey } from "./en.js";

/** The mail in German, speaking to the reader as "du" like the portal does. */
const messages: Record<MailMessageKey, string> = {
  "common.footer": "Diese Nachricht wurde von Codeground an {email} gesendet.",
  "common.ignore": "Wenn du das nicht warst, kannst du diese Nachricht ignorieren.",
  "common.linkFallback":
    "Falls die Schaltfläche nicht funktioniert, kopiere diese Adresse in deinen Browser:",

  "verify_email.subject": "Bestätige deine E-Mail-Adresse für Codeground",
  "verify_email.body":
    "Jemand hat sich mit dieser Adresse bei Codeground registriert.\nFolge dem Link, um sie zu bestätigen. Bis dahin kannst du alles tun, außer Kurse und Einbettungen zu erstellen.\nDer Link gilt 24 Stunden und funktioniert nur einmal.",
  "verify_email.action": "Meine Adresse bestätigen",

  "signup_existing.subject": "Jemand hat versucht, sich mit deiner Adresse zu registrieren",
  "signup_existing.body":
    "Jemand hat versucht, mit dieser Adresse ein Codeground-Konto zu erstellen, obwohl es dafür schon eines gibt. Es wurde kein zweites Konto angelegt.\nWenn du das warst, melde dich stattdessen an. Wenn du dein Passwort vergessen hast, kannst du es zurücksetzen.",
  "signup_existing.action": "Mein Passwort zurücksetzen",

  "email_change.subject": "Bestätige deine neue E-Mail-Adresse für Codeground",
  "email_change.body":
    "Du möchtest diese Adresse für dein Codeground-Konto verwenden.\nFolge dem Link, um sie zu bestätigen. Bis dahin behält dein Konto seine bisherige Adresse.\nDer Link gilt 24 Stunden und funktioniert nur einmal.",
  "email_change.action": "Diese Adresse verwenden",

  "email_changed.subject": "Die E-Mail-Adresse deines Codeground-Kontos wurde geändert",
  "email_changed.body":
    "Die E-Mail-Adresse deines Codeground-Kontos wurde in {newEmail} geändert.\nAb jetzt gehen E-Mails dorthin. Wenn du das nicht warst, setze sofort dein Passwort zurück und wende dich an deinen Administrator.",
  "email_changed.action": "Mein Passwort zurücksetzen",

  "password_reset.subject": "Setze dein Codeground-Passwort zurück",
  "password_reset.body":
    "Jemand hat angefordert, das Passwort des Codeground-Kontos zu dieser Adresse zurückzusetzen.\nFolge dem Link, um ein neues Passwort zu wählen. Der Link gilt 30 Minuten und funktioniert nur einmal. Ist die Zwei-Faktor-Anmeldung an, brauchst du außerdem einen Code aus deiner App oder einen Wiederherstellungscode.",
  "password_reset.action": "Neues Passwort wählen",

  "password_changed.subject": "Dein Codeground-Passwort wurde geändert",
  "password_changed.body":
    "Das Passwort deines Codeground-Kontos wurde zurückgesetzt. Alle Sitzungen und Zugriffstokens wurden beendet: Melde dich überall neu an.\nWenn du das nicht warst, setze dein Passwort sofort noch einmal zurück und wende dich an deinen Administrator.",
  "password_changed.action": "Anmelden",

  "course_invitation.subject": "Du bist eingeladen, {course} auf Codeground zu unterrichten",
  "course_invitation.body":
    "{inviter} hat dich eingeladen, dem Kurs {course} als {role} beizutreten.\nFolge dem Link, um anzunehmen. Wenn du noch kein Codeground-Konto hast, erstellst du zuerst eines. Die Einladung gilt 7 Tage und funktioniert nur einmal.",
  "course_invitation.action": "Einladung annehmen",
  "role.instructor": "Lehrkraft",
  "role.ta": "Tutor",

  "key_expiring.subject": "Dein API-Schlüssel {key} läuft am {date} ab",
  "key_expiring.body":
    "Der {provider}-Schlüssel {key} in deinem Codeground-Tresor läuft am {date} ab.\nDanach funktionieren der Tutor und das Feedback, die ihn nutzen, nicht mehr. Ersetze sein Geheimnis oder wähle einen anderen Schlüssel.",
  "key_expiring.action": "Meine Schlüssel öffnen",

  "budget_warning.subject": "{budget}: {percent}\u00a0% des Tutor-Budgets für diesen Monat sind verbraucht",
  "budget_warning.body":
    "{budget} hat {percent}\u00a0% seines Tutor-Budgets für diesen Monat verbraucht ({used} von {limit} Tokens).\nBei 100\u00a0% antwortet der Tutor nicht mehr, bis der nächste Monat beginnt oder das Budget erhöht wird.",
  "budget_exhausted.subject": "{budget}: Das Tutor-Budget für diesen Monat ist aufgebraucht",
  "budget_exhausted.body":
    "{budget} hat sein gesamtes Tutor-Budget für diesen Monat verbraucht ({used} von {limit} Tokens).\nDer Tutor antwortet damit erst im nächsten Monat wieder oder wenn das Budget erhöht wird.",
  "budget.own": "Dein Schlüssel {key}",
  "budget.course": "Der Kurs {course}",
  "budget.action": "Budget prüfen",

  "mfa_disabled.subject": "Die Zwei-Faktor-Anmeldung wurde ausgeschaltet",
  "mfa_disabled.body":
    "Die Zwei-Faktor-Anmeldung für dein Codeground-Konto wurde am {date} ausgeschaltet.\nDein Konto ist jetzt nur noch durch sein Passwort geschützt. Wenn du das nicht warst, setze sofort dein Passwort zurück und schalte die Zwei-Faktor-Anmeldung wieder ein.",
  "mfa_disabled.action": "Sicherheitseinstellungen öffnen",

  "token_created.subject": "Ein neues Zugriffstoken wurde erstellt: {token}",
  "token_created.body":
    "Am {date} wurde für dein Codeground-Konto ein Zugriffstoken namens {token} mit den Berechtigungen {scopes} erstellt.\nWenn du das nicht warst, widerrufe es in deinen Sicherheitseinstellungen und ändere dein Passwort.",
  "token_created.action": "Sicherheitseinstellungen öffnen",

  "new_sign_in.subject": "Neue Anmeldung bei Codeground: {browser}",
  "new_sign_in.body":
    "Am {date} wurde dein Codeground-Konto in einem Browser angemeldet, den es bisher nicht verwendet hat.\nBrowser: {browser}\nIP-Adresse: {ip}\nWenn du das warst, ist nichts zu tun. Wenn nicht, setze dein Passwort zurück und schalte die Zwei-Faktor-Anmeldung ein.",
  "new_sign_in.action": "Sicherheitseinstellungen öffnen",
  "new_sign_in.browserOn": "{browser} unter {system}",
  "new_sign_in.unknownBrowser": "ein unbekannter Browser",

  "notifications.footer":
    "Du kannst diese Art von Nachricht in den Benachrichtigungseinstellungen des Portals ausschalten.",

  "account_deleted.subject": "Dein Codeground-Konto wurde gelöscht",
  "account_deleted.body":
    "Dein Codeground-Konto und die dazu gespeicherten Daten wurden am {date} auf deinen Wunsch gelöscht.\nNur pseudonymisierte Einträge des Audit-Protokolls bleiben erhalten. Das lässt sich nicht rückgängig machen.",
};
export default messages;
