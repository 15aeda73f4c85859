import type { ConnectCatalog } from "./index.js";

const fr: ConnectCatalog = {
  title: "Connecter vos clés",
  "title.origin": "Connecter vos clés à {origin}\u00a0?",
  asks: "Le gestionnaire de clés Codeground sur {origin} demande à gérer pendant une heure les clés de fournisseurs d’IA de votre coffre\u00a0: les afficher, en ajouter, les renommer, les remplacer et les supprimer, et choisir celle qui paie le tuteur.",
  hint: "Il ne voit jamais un secret enregistré (seulement ses quatre derniers caractères), ni rien d’autre de votre compte, et le site de cours lui-même ne voit rien. Vous pouvez y mettre fin là-bas (Déconnecter) ou sur votre page Sécurité, sous les jetons d’accès.",
  signed_in: "Connecté en tant que {name}.",
  allow: "Autoriser pendant une heure",
  cancel: "Annuler",
  log_out: "Ce n’est pas vous\u00a0? Se déconnecter",
  granting: "Autorisation en cours…",
  granted: "Accès accordé. Vous pouvez fermer cette fenêtre et revenir à la page du cours.",
  refused: "Vous avez choisi de ne pas connecter votre compte Codeground.",
  nothing_shared: "Rien n’a été partagé. Vous pouvez fermer cette fenêtre.",
  no_opener:
    "Ouvrez cette page depuis le gestionnaire de clés d’une page de cours (son bouton «\u00a0Connecter votre compte Codeground\u00a0»)\u00a0; il n’y a rien à connecter ici.",
  "error.embed_not_found":
    "Aucune intégration n’a cette clé publiable\u00a0; la page qui a ouvert cette fenêtre n’est peut-être plus à jour.",
  "error.keys_not_enabled":
    "Cette intégration ne propose pas le gestionnaire de clés\u00a0; son propriétaire peut l’activer dans les réglages de l’intégration.",
  "error.origin_not_allowed":
    "Cette intégration n’est pas autorisée sur {origin}\u00a0; son propriétaire peut ajouter cette origine dans les réglages de l’intégration.",
  "error.network_error": "Impossible de joindre Codeground. Vérifiez votre connexion.",
  "error.rate_limited": "Trop de requêtes\u00a0; patientez un instant, puis réessayez.",
};
export default fr;
