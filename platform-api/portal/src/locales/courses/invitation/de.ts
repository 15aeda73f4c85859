import type { InvitationCatalog } from "./index.js";

const de: InvitationCatalog = {
  title: "Kurseinladung",
  "title.join": "{course} als {role} beitreten",
  loading: "Einladung wird geladen…",
  "role.instructor": "Lehrkraft",
  "role.ta": "Tutor",
  "offer.instructor": "Du bist eingeladen, {course} als Lehrkraft mitzuunterrichten.",
  "offer.ta": "Du bist eingeladen, {course} als Tutor zu unterstützen.",
  "offer.instructor.does": "Lehrkräfte verwalten die Einbettungen des Kurses und laden Tutoren ein.",
  "offer.ta.does": "Tutoren sehen den Kurs, seine Mitglieder und Einbettungen und ändern nichts.",
  sent: "Gesendet an {email}; der Link funktioniert einmal, bis {until}.",
  accept: "Annehmen und als {role} beitreten",
  logout: "Abmelden",
  "refused.used":
    "Dieser Einladungslink wurde bereits verwendet. Falls nicht von dir, bitte die einladende Person um einen neuen Link.",
  "refused.expired":
    "Dieser Einladungslink ist abgelaufen: Links gelten 7 Tage. Bitte die einladende Person um einen neuen.",
  "refused.not_found":
    "Dieser Einladungslink ist ungültig. Prüfe, ob du den ganzen Link hast, oder bitte die einladende Person um einen neuen.",
  "refused.already_owner": "Dieser Kurs gehört dir bereits, es gibt also nichts anzunehmen.",
  "refused.elsewhere":
    "Diese Einladung ging an {sentTo}, aber du bist als {email} angemeldet. Melde dich ab, dann mit der Adresse an (oder registriere dich), an die sie ging, und öffne den Link erneut.",
  "refused.elsewhere.address": "eine andere Adresse",
  "refused.elsewhere.someone": "jemand anderes",
};
export default de;
