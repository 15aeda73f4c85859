import type { ConnectCatalog } from "./index.js";

const es: ConnectCatalog = {
  title: "Conecta tus claves",
  "title.origin": "¿Conectar tus claves con {origin}?",
  asks: "El gestor de claves de Codeground en {origin} pide gestionar durante una hora las claves de proveedores de IA de tu bóveda: verlas, añadirlas, cambiarles el nombre, reemplazarlas y eliminarlas, y elegir cuál paga el tutor.",
  hint: "Nunca ve un secreto guardado (solo sus cuatro últimos caracteres) ni nada más de tu cuenta, y el sitio del curso no ve nada. Puedes terminar el acceso allí (Desconectar) o en tu página de Seguridad, en los tokens de acceso.",
  signed_in: "Sesión iniciada como {name}.",
  allow: "Permitir durante una hora",
  cancel: "Cancelar",
  log_out: "¿No eres tú? Cerrar sesión",
  granting: "Concediendo acceso…",
  granted: "Acceso concedido. Puedes cerrar esta ventana y volver a la página del curso.",
  refused: "Decidiste no conectar tu cuenta de Codeground.",
  nothing_shared: "No se compartió nada. Puedes cerrar esta ventana.",
  no_opener:
    "Abre esta página desde el gestor de claves de una página del curso (su botón “Conectar tu cuenta de Codeground”); aquí no hay nada que conectar.",
  "error.embed_not_found":
    "Ninguna inserción tiene esta clave publicable; puede que la página que abrió esta ventana esté desactualizada.",
  "error.keys_not_enabled":
    "Esta inserción no ofrece el gestor de claves; su propietario puede activarlo en la configuración de la inserción.",
  "error.origin_not_allowed":
    "Esta inserción no está permitida en {origin}; su propietario puede añadir el origen en la configuración de la inserción.",
  "error.network_error": "No se puede conectar con Codeground. Revisa tu conexión.",
  "error.rate_limited": "Demasiadas solicitudes; espera un momento y vuelve a intentarlo.",
};
export default es;
