import type { ConnectCatalog } from "./index.js";

const es: ConnectCatalog = {
  title: "Registrar Codeground en tu LMS",
  nothing:
    "Abre esta ventana desde el registro de herramientas de tu LMS (su registro dinámico de Codeground); aquí no hay nada que registrar.",
  ask: "¿Registrar Codeground en {platform}?",
  explain:
    "La plataforma de aprendizaje en {platform} pide añadir Codeground como herramienta LTI 1.3. El registro será tuyo: los cursos lanzados desde esa plataforma se convierten en cursos de Codeground de los que eres propietario, y puedes quitar el registro en tu página LTI.",
  who: "Sesión iniciada como {name}.",
  register: "Registrar",
  cancel: "Cancelar",
  logout: "¿No eres tú? Cierra sesión",
  registering: "Registrando…",
  done: "Codeground quedó registrado en {issuer}. Puedes cerrar esta ventana; el LMS termina la configuración.",
  cancelled: "No se registró nada. Puedes cerrar esta ventana.",
};
export default es;
