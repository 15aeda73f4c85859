import type { ListCatalog } from "./index.js";

const fr: ListCatalog = {
  title: "Cours",
  intro:
    "Un cours est l’endroit où vous enseignez\u00a0: son équipe, ses intégrations sur le site du cours et ses apprenants.",
  loading: "Chargement des cours…",
  empty:
    "Vous ne suivez encore aucun cours\u00a0: créez-en un ci-dessous, ou rejoignez-en un avec le code donné par votre enseignant.",
  caption: "Vos cours",
  "col.course": "Cours",
  "col.role": "Votre rôle",
  personal: "Les intégrations créées sur la page Intégrations arrivent ici",
  "role.owner": "Propriétaire",
  "role.instructor": "Enseignant",
  "role.ta": "Assistant",
  "role.learner": "Apprenant",
  "create.title": "Créer un cours",
  "create.name": "Nom du cours",
  "create.placeholder": "Initiation à Python, semestre de printemps",
  "create.hint": "Vous en serez propriétaire et pourrez inviter des enseignants et des assistants.",
  "create.submit": "Créer le cours",
  "join.title": "Rejoindre un cours",
  "join.code": "Code d’accès",
  "join.hint":
    "Les 10 lettres et chiffres donnés par votre enseignant\u00a0; espaces et tirets sont ignorés. Vous rejoignez le cours en tant qu’apprenant.",
  "join.submit": "Rejoindre le cours",
};
export default fr;
