import type { MailMessageKey } from "./en.js";

/** The mail in Spanish, speaking to the reader as "tú" like the portal does. */
const messages: Record<MailMessageKey, string> = {
  "common.footer": "Codeground envió este mensaje a {email}.",
  "common.ignore": "Si no fuiste tú, puedes ignorar este mensaje.",
  "common.linkFallback": "Si el botón no funciona, copia esta dirección en tu navegador:",

  "verify_email.subject": "Verifica tu dirección de correo electrónico en Codeground",
  "verify_email.body":
    "Alguien se registró en Codeground con esta dirección.\nSigue el enlace para verificarla. Hasta que lo hagas, puedes hacer de todo salvo crear cursos e inserciones.\nEl enlace funciona una sola vez, durante 24 horas.",
  "verify_email.action": "Verificar mi dirección",

  "signup_existing.subject": "Alguien intentó registrarse con tu dirección",
  "signup_existing.body":
    "Alguien intentó crear una cuenta de Codeground con esta dirección, que ya tiene una. No se creó una segunda cuenta.\nSi fuiste tú, inicia sesión. Si olvidaste tu contraseña, puedes restablecerla.",
  "signup_existing.action": "Restablecer mi contraseña",

  "email_change.subject": "Confirma tu nueva dirección de correo electrónico en Codeground",
  "email_change.body":
    "Pediste usar esta dirección para tu cuenta de Codeground.\nSigue el enlace para confirmarla. Hasta que lo hagas, tu cuenta conserva su dirección actual.\nEl enlace funciona una sola vez, durante 24 horas.",
  "email_change.action": "Usar esta dirección",

  "email_changed.subject": "Se cambió la dirección de correo electrónico de tu cuenta de Codeground",
  "email_changed.body":
    "La dirección de correo electrónico de tu cuenta de Codeground se cambió a {newEmail}.\nA partir de ahora, el correo llegará allí. Si no fuiste tú, restablece tu contraseña de inmediato y contacta con tu administrador.",
  "email_changed.action": "Restablecer mi contraseña",

  "password_reset.subject": "Restablece tu contraseña de Codeground",
  "password_reset.body":
    "Alguien pidió restablecer la contraseña de la cuenta de Codeground de esta dirección.\nSigue el enlace para elegir una contraseña nueva. El enlace funciona una sola vez, durante 30 minutos. Si tienes activada la verificación en dos pasos, también necesitarás un código de tu app o un código de recuperación.",
  "password_reset.action": "Elegir una contraseña nueva",

  "password_changed.subject": "Se cambió tu contraseña de Codeground",
  "password_changed.body":
    "Se restableció la contraseña de tu cuenta de Codeground. Todas las sesiones y todos los tokens de acceso han terminado: vuelve a iniciar sesión en todas partes.\nSi no fuiste tú, restablece tu contraseña otra vez de inmediato y contacta con tu administrador.",
  "password_changed.action": "Iniciar sesión",

  "course_invitation.subject": "Te invitan a enseñar {course} en Codeground",
  "course_invitation.body":
    "{inviter} te invitó a unirte al curso {course} como {role}.\nSigue el enlace para aceptar. Si aún no tienes una cuenta de Codeground, primero crearás una. La invitación funciona una sola vez, durante 7 días.",
  "course_invitation.action": "Aceptar la invitación",
  "role.instructor": "instructor",
  "role.ta": "ayudante",

  "key_expiring.subject": "Tu clave de API {key} caduca el {date}",
  "key_expiring.body":
    "La clave {key} de {provider} de tu bóveda de Codeground caduca el {date}.\nDespués, el tutor y los comentarios que la usan dejarán de funcionar. Reemplaza su secreto o elige otra clave.",
  "key_expiring.action": "Abrir mis claves",

  "budget_warning.subject": "{budget}: se ha usado el {percent}\u00a0% del presupuesto del tutor de este mes",
  "budget_warning.body":
    "{budget} ha usado el {percent}\u00a0% de su presupuesto del tutor de este mes ({used} de {limit} tokens).\nCuando llegue al 100\u00a0%, el tutor dejará de responder hasta el mes siguiente o hasta que se aumente el presupuesto.",
  "budget_exhausted.subject": "{budget}: se agotó el presupuesto del tutor de este mes",
  "budget_exhausted.body":
    "{budget} ha usado todo su presupuesto del tutor de este mes ({used} de {limit} tokens).\nEl tutor no responderá con él hasta el mes siguiente o hasta que se aumente el presupuesto.",
  "budget.own": "Tu clave {key}",
  "budget.course": "El curso {course}",
  "budget.action": "Revisar el presupuesto",

  "mfa_disabled.subject": "Se desactivó la verificación en dos pasos",
  "mfa_disabled.body":
    "La verificación en dos pasos de tu cuenta de Codeground se desactivó el {date}.\nAhora tu cuenta solo está protegida por su contraseña. Si no fuiste tú, restablece tu contraseña de inmediato y vuelve a activar la verificación en dos pasos.",
  "mfa_disabled.action": "Abrir la configuración de seguridad",

  "token_created.subject": "Se creó un nuevo token de acceso: {token}",
  "token_created.body":
    "El {date} se creó para tu cuenta de Codeground un token de acceso llamado {token} con los permisos {scopes}.\nSi no fuiste tú, revócalo en tu configuración de seguridad y cambia tu contraseña.",
  "token_created.action": "Abrir la configuración de seguridad",

  "new_sign_in.subject": "Nuevo inicio de sesión en Codeground desde {browser}",
  "new_sign_in.body":
    "El {date} se inició sesión en tu cuenta de Codeground desde un navegador que no había usado antes.\nNavegador: {browser}\nDirección IP: {ip}\nSi fuiste tú, no tienes que hacer nada. Si no, restablece tu contraseña y activa la verificación en dos pasos.",
  "new_sign_in.action": "Abrir la configuración de seguridad",
  "new_sign_in.browserOn": "{browser} en {system}",
  "new_sign_in.unknownBrowser": "un navegador desconocido",

  "notifications.footer":
    "Puedes desactivar este tipo de mensajes en la configuración de notificaciones del portal.",

  "account_deleted.subject": "Se eliminó tu cuenta de Codeground",
  "account_deleted.body":
    "Tu cuenta de Codeground y los datos que guardaba se eliminaron el {date}, como pediste.\nSolo quedan entradas seudonimizadas del registro de auditoría. Esto no se puede deshacer.",
};
export default messages;
