import type { InvitationCatalog } from "./index.js";

const fr: InvitationCatalog = {
  title: "Invitation à un cours",
  "title.join": "Rejoindre {course} en tant que {role}",
  loading: "Chargement de l’invitation…",
  "role.instructor": "Enseignant",
  "role.ta": "Assistant",
  "offer.instructor": "Vous êtes invité à enseigner dans {course} en tant qu’enseignant.",
  "offer.ta": "Vous êtes invité à aider à enseigner dans {course} en tant qu’assistant.",
  "offer.instructor.does": "Les enseignants gèrent les intégrations du cours et invitent des assistants.",
  "offer.ta.does": "Les assistants voient le cours, ses membres et ses intégrations, et ne modifient rien.",
  sent: "Envoyée à {email}\u00a0; le lien fonctionne une seule fois, jusqu’au {until}.",
  accept: "Accepter et rejoindre en tant que {role}",
  logout: "Se déconnecter",
  "refused.used":
    "Ce lien d’invitation a déjà été utilisé. Si ce n’est pas vous, demandez un nouveau lien à la personne qui vous a invité.",
  "refused.expired":
    "Ce lien d’invitation a expiré\u00a0: les liens sont valables 7\u00a0jours. Demandez-en un nouveau à la personne qui vous a invité.",
  "refused.not_found":
    "Ce lien d’invitation n’est pas valide. Vérifiez que vous avez le lien complet, ou demandez-en un nouveau à la personne qui vous a invité.",
  "refused.already_owner": "Vous êtes déjà propriétaire de ce cours\u00a0: il n’y a rien à accepter.",
  "refused.elsewhere":
    "Cette invitation a été envoyée à {sentTo}, mais vous êtes connecté en tant que {email}. Déconnectez-vous, puis connectez-vous ou inscrivez-vous avec l’adresse destinataire et rouvrez le lien.",
  "refused.elsewhere.address": "une autre adresse",
  "refused.elsewhere.someone": "quelqu’un d’autre",
};
export default fr;
