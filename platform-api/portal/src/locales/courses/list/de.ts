import type { ListCatalog } from "./index.js";

const de: ListCatalog = {
  title: "Kurse",
  intro:
    "In einem Kurs unterrichtest du: sein Team, seine Einbettungen auf deiner Kursseite und seine Lernenden.",
  loading: "Kurse werden geladen…",
  empty:
    "Du bist noch in keinem Kurs: Erstelle unten einen oder tritt mit dem Code deiner Lehrkraft einem Kurs bei.",
  caption: "Deine Kurse",
  "col.course": "Kurs",
  "col.role": "Deine Rolle",
  personal: "Hier landen Einbettungen, die du auf der Seite „Einbettungen“ erstellst",
  "role.owner": "Inhaber",
  "role.instructor": "Lehrkraft",
  "role.ta": "Tutor",
  "role.learner": "Lernende:r",
  "create.title": "Kurs erstellen",
  "create.name": "Kursname",
  "create.placeholder": "Einführung in Python, Sommersemester",
  "create.hint": "Du wirst Inhaber und kannst Lehrkräfte und Tutoren einladen.",
  "create.submit": "Kurs erstellen",
  "join.title": "Kurs beitreten",
  "join.code": "Beitrittscode",
  "join.hint":
    "Die 10 Buchstaben und Ziffern von deiner Lehrkraft; Leerzeichen und Bindestriche spielen keine Rolle. Du trittst als Lernende:r bei.",
  "join.submit": "Kurs beitreten",
};
export default de;
