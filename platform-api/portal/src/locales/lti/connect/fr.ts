import type { ConnectCatalog } from "./index.js";

const fr: ConnectCatalog = {
  title: "Enregistrer Codeground dans votre LMS",
  nothing:
    "Ouvrez cette fenêtre depuis l’enregistrement des outils de votre LMS (son enregistrement dynamique de Codeground)\u00a0; il n’y a rien à enregistrer ici.",
  ask: "Enregistrer Codeground dans {platform}\u00a0?",
  explain:
    "La plateforme d’apprentissage {platform} demande à ajouter Codeground comme outil LTI 1.3. L’enregistrement vous appartiendra\u00a0: les cours lancés depuis cette plateforme deviennent des cours Codeground dont vous êtes propriétaire, et vous pouvez retirer l’enregistrement sur votre page LTI.",
  who: "Connecté en tant que {name}.",
  register: "Enregistrer",
  cancel: "Annuler",
  logout: "Ce n’est pas vous\u00a0? Se déconnecter",
  registering: "Enregistrement…",
  done: "Codeground est enregistré dans {issuer}. Vous pouvez fermer cette fenêtre\u00a0; le LMS termine la configuration.",
  cancelled: "Rien n’a été enregistré. Vous pouvez fermer cette fenêtre.",
};
export default fr;
