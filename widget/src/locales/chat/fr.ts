import type { ChatCatalog } from "./index.js";

const fr: ChatCatalog = {
  tutor: "Tuteur",
  you: "Vous",
  log: "Conversation",
  question: "Posez votre question au tuteur",
  placeholder: "Demandez un indice…",
  ask: "Demander",
  answering: "Le tuteur répond…",
  "error.unexpected": "Le tuteur n’a pas pu répondre\u00a0; réessayez.",
  "error.tutor_off": "Le tuteur est désactivé pendant ce devoir.",
  "error.network_error": "Impossible de joindre Codeground\u00a0; vérifiez votre connexion.",
  "error.chat_not_enabled": "Ce site de cours ne propose pas le tuteur.",
  "error.chat_not_sponsored":
    "Le tuteur n’est pas disponible ici\u00a0: ce site de cours ne fournit pas de clé d’IA à ses apprenants. Demandez au responsable du site de prendre le tuteur en charge.",
  "error.tutor_unavailable": "Le tuteur IA n’est pas configuré sur ce serveur.",
  "error.rate_limited": "Trop de questions à la fois\u00a0; patientez un instant avant de redemander.",
  "error.embed_tutor_limit":
    "Les apprenants de ce site de cours ont envoyé tous les messages au tuteur autorisés pour cette heure\u00a0; réessayez plus tard.",
  "error.provider_unavailable":
    "Le fournisseur d’IA ne répond pas pour le moment\u00a0; réessayez dans une minute.",
  "error.provider_timeout":
    "Le fournisseur d’IA a cessé de répondre au milieu de sa réponse\u00a0; reposez la question.",
  "error.provider_stream_failed": "Le fournisseur d’IA a interrompu sa réponse\u00a0; reposez la question.",
};
export default fr;
