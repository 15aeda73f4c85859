import type { AccountCatalog } from "./index.js";

const es: AccountCatalog = {
  continue: "Continuar",
  "back.login": "Volver a iniciar sesión",
  email: "Correo electrónico",
  password: "Contraseña",
  "verify.title": "Verifica tu dirección de correo",
  "verify.busy": "Comprobando el enlace…",
  "verify.done": "Tu dirección de correo {email} está verificada.",
  "verify.invalid":
    "Este enlace ya no es válido: ya se usó, caducó o está incompleto. Inicia sesión y pide uno nuevo desde el aviso en la parte superior del portal.",
  "verify.again": "Enviar un enlace nuevo",
  "verify.again.sent": "Enviamos un enlace nuevo a {email}.",
  "verify.missing": "Esta página necesita el enlace de tu correo. Abre el enlace que te enviamos.",
  "forgot.title": "¿Olvidaste tu contraseña?",
  "forgot.intro":
    "Escribe la dirección con la que inicias sesión. Te enviaremos un enlace para elegir una contraseña nueva.",
  "forgot.send": "Enviar el enlace",
  "forgot.sent":
    "Si existe una cuenta para {email}, le enviamos un enlace. Funciona una sola vez, durante 30 minutos. Si no llega, revisa la carpeta de spam.",
  "reset.title": "Elige una contraseña nueva",
  "reset.new": "Contraseña nueva",
  "reset.repeat": "Repite la contraseña nueva",
  "reset.hint": "Al menos 10 caracteres; lo mejor es una frase de contraseña.",
  "reset.mismatch": "Las dos contraseñas no coinciden. Escribe la misma contraseña dos veces.",
  "reset.code": "Código de tu app de autenticación, o un código de recuperación",
  "reset.code.why":
    "Esta cuenta tiene activada la verificación en dos pasos: escribe un código para terminar.",
  "reset.submit": "Cambiar la contraseña",
  "reset.done": "Contraseña cambiada; se cerraron todas las sesiones. Inicia sesión con tu nueva contraseña.",
  "reset.invalid":
    "Este enlace ya no es válido: ya se usó, caducó (los enlaces duran 30 minutos) o está incompleto. Pide uno nuevo.",
  "reset.again": "Pedir un enlace nuevo",
  "settings.title": "Cuenta",
  "email.title": "Dirección de correo",
  "email.current": "Inicias sesión con {email}.",
  "email.new": "Nueva dirección de correo",
  "email.password": "Contraseña actual",
  "email.submit": "Cambiar la dirección de correo",
  "email.sent":
    "Enviamos un enlace a {email}. Tu dirección cambia cuando lo abras; hasta entonces sigues iniciando sesión con la anterior.",
  "mail.title": "Avisos por correo",
  "mail.hint":
    "Correos sobre la seguridad de tu cuenta que puedes desactivar. Cada cambio se guarda al momento.",
  "mail.keyExpiring": "Una clave de mi bóveda caduca en menos de 7 días",
  "mail.tutorBudget": "Un presupuesto del tutor llega al 80 % o al 100 % de su mes",
  "mail.mfaDisabled": "Se desactivó la verificación en dos pasos",
  "mail.tokenCreated": "Se creó un token de acceso nuevo",
  "mail.newSignIn": "Alguien inició sesión desde un navegador que esta cuenta no había usado",
  "mail.loading": "Cargando tus avisos por correo…",
  "mail.saved.on": "Guardado: te escribiremos cuando ocurra ({what}).",
  "mail.saved.off": "Guardado: no más correos por esto ({what}).",
  "data.title": "Tus datos",
  "data.hint":
    "Un archivo JSON con todo lo que se guarda de tu cuenta: perfil, envíos con su código, conversaciones con el tutor, registros de claves sin sus secretos, entradas de auditoría y cursos.",
  "data.download": "Descargar mis datos",
  "data.busy": "Preparando tu archivo…",
  "data.done": "Tus datos se guardaron como {file}.",
  "delete.title": "Eliminar mi cuenta",
  "delete.hint": "Eliminar tu cuenta no se puede deshacer.",
  "delete.start": "Eliminar mi cuenta…",
  "delete.what":
    "Se eliminan tus envíos, conversaciones con el tutor, claves y sus secretos, tokens de acceso y sesiones, y los cursos que son tuyos sin más personal docente. Las entradas de auditoría se conservan, sin tu nombre ni tu dirección.",
  "delete.code": "Código de tu app de autenticación, o un código de recuperación",
  "delete.yes": "Eliminar mi cuenta para siempre",
  "delete.no": "Conservar mi cuenta",
  "delete.done": "Tu cuenta se eliminó.",
  "delete.owns":
    "Eres propietario de {courses}, donde enseñan otras personas. Primero haz propietaria a una de ellas en la página del curso y luego elimina tu cuenta.",
};

export default es;
