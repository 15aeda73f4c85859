import type { ChatCatalog } from "./index.js";

const ptBR: ChatCatalog = {
  tutor: "Tutor",
  you: "Você",
  log: "Conversa",
  question: "Pergunte ao tutor",
  placeholder: "Peça uma dica…",
  ask: "Perguntar",
  answering: "O tutor está respondendo…",
  "error.unexpected": "O tutor não conseguiu responder; tente de novo.",
  "error.tutor_off": "O tutor está desativado durante esta atividade.",
  "error.network_error": "Não foi possível acessar o Codeground; verifique sua conexão.",
  "error.chat_not_enabled": "Este site do curso não oferece o tutor.",
  "error.chat_not_sponsored":
    "O tutor não está disponível aqui: este site do curso não fornece uma chave de IA para seus alunos. Peça ao responsável pelo site para patrocinar o tutor.",
  "error.tutor_unavailable": "O tutor de IA não está configurado neste servidor.",
  "error.rate_limited": "Perguntas demais de uma vez; aguarde um momento e pergunte de novo.",
  "error.embed_tutor_limit":
    "Os alunos deste site do curso já usaram todas as mensagens ao tutor permitidas por hora; tente mais tarde.",
  "error.provider_unavailable": "O provedor de IA não está respondendo agora; tente de novo em um minuto.",
  "error.provider_timeout": "O provedor de IA parou de responder no meio da resposta; pergunte de novo.",
  "error.provider_stream_failed": "O provedor de IA interrompeu a resposta; pergunte de novo.",
};
export default ptBR;
