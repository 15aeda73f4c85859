import type { InvitationCatalog } from "./index.js";

const es: InvitationCatalog = {
  title: "Invitación a un curso",
  "title.join": "Unirte a {course} como {role}",
  loading: "Cargando la invitación…",
  "role.instructor": "Instructor",
  "role.ta": "Ayudante",
  "offer.instructor": "Te invitan a ayudar a enseñar en {course} como instructor.",
  "offer.ta": "Te invitan a ayudar a enseñar en {course} como ayudante.",
  "offer.instructor.does": "Los instructores gestionan las inserciones del curso e invitan ayudantes.",
  "offer.ta.does": "Los ayudantes ven el curso, sus miembros y sus inserciones, y no cambian nada.",
  sent: "Enviada a {email}; el enlace funciona una vez, hasta el {until}.",
  accept: "Aceptar y unirme como {role}",
  logout: "Cerrar sesión",
  "refused.used":
    "Este enlace de invitación ya se usó. Si no fuiste tú, pide un enlace nuevo a quien te invitó.",
  "refused.expired":
    "Este enlace de invitación caducó: los enlaces funcionan durante 7 días. Pide uno nuevo a quien te invitó.",
  "refused.not_found":
    "Este enlace de invitación no es válido. Comprueba que tienes el enlace completo o pide uno nuevo a quien te invitó.",
  "refused.already_owner": "Ya eres el propietario de este curso, así que no hay nada que aceptar.",
  "refused.elsewhere":
    "Esta invitación se envió a {sentTo}, pero iniciaste sesión como {email}. Cierra sesión, inicia sesión o regístrate con la dirección a la que se envió y vuelve a abrir el enlace.",
  "refused.elsewhere.address": "otra dirección",
  "refused.elsewhere.someone": "otra persona",
};
export default es;
