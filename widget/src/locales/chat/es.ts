import type { ChatCatalog } from "./index.js";

const es: ChatCatalog = {
  tutor: "Tutor",
  you: "Tú",
  log: "Conversación",
  question: "Pregunta al tutor",
  placeholder: "Pide una pista…",
  ask: "Preguntar",
  answering: "El tutor está respondiendo…",
  "error.unexpected": "El tutor no pudo responder; inténtalo de nuevo.",
  "error.tutor_off": "El tutor está desactivado durante esta tarea.",
  "error.network_error": "No se puede conectar con Codeground; revisa tu conexión.",
  "error.chat_not_enabled": "Este sitio del curso no ofrece el tutor.",
  "error.chat_not_sponsored":
    "El tutor no está disponible aquí: este sitio del curso no aporta una clave de IA para sus estudiantes. Pide al responsable del sitio que financie el tutor.",
  "error.tutor_unavailable": "El tutor de IA no está configurado en este servidor.",
  "error.rate_limited": "Demasiadas preguntas seguidas; espera un momento y vuelve a preguntar.",
  "error.embed_tutor_limit":
    "Los estudiantes de este sitio del curso ya enviaron todos los mensajes al tutor que permite por hora; inténtalo más tarde.",
  "error.provider_unavailable":
    "El proveedor de IA no responde en este momento; inténtalo dentro de un minuto.",
  "error.provider_timeout":
    "El proveedor de IA dejó de responder a mitad de la respuesta; vuelve a preguntar.",
  "error.provider_stream_failed": "El proveedor de IA interrumpió su respuesta; vuelve a preguntar.",
};
export default es;
