import type { ShellCatalog } from "./index.js";

const es: ShellCatalog = {
  "nav.label": "Portal",
  "nav.problems": "Problemas",
  "nav.courses": "Cursos",
  "nav.keys": "Claves",
  "nav.security": "Seguridad",
  "nav.embeds": "Inserciones",
  "nav.lti": "LTI",
  "nav.audit": "Registro de auditoría",
  "nav.author": "Autoría",
  "nav.admin": "Usuarios",
  language: "Idioma",
  loading: "Cargando…",
  logout: "Cerrar sesión",
  "error.chunk": "No se pudo cargar esta página. Comprueba tu conexión y vuelve a cargar la página.",
  "error.network": "No se pudo conectar con Codeground. Comprueba tu conexión.",
  "error.http": "La solicitud falló (HTTP {status}).",
  "intro.connect":
    "Inicia sesión en Codeground para conectar tus claves de proveedores de IA con la página del curso que te trajo aquí.",
  "intro.lti":
    "Inicia sesión en Codeground, o crea una cuenta, para registrar Codeground en la plataforma de aprendizaje (LMS) que te trajo aquí.",
  "intro.invitation":
    "Te han invitado a ayudar a impartir un curso en Codeground. Inicia sesión, o crea una cuenta, con la dirección de correo a la que se envió la invitación; después podrás aceptarla.",
  "intro.invitation.signup":
    "¿Eres nuevo? Regístrate, abre el enlace que te enviamos por correo para verificar tu dirección y luego inicia sesión en esta página para aceptar la invitación.",
  "sandbox.down":
    "Ahora mismo no se puede ejecutar código: no hay conexión con el entorno aislado. Puedes seguir explorando problemas y gestionando tus claves; las ejecuciones y los envíos volverán a funcionar cuando se restablezca.",
  "auth.login": "Iniciar sesión",
  "auth.signup.title": "Crea tu cuenta",
  "auth.mfa.title": "Verificación en dos pasos",
  "auth.code": "Código de tu app de autenticación o un código de recuperación",
  "auth.name": "Nombre (opcional)",
  "auth.email": "Correo electrónico",
  "auth.password": "Contraseña",
  "auth.password.hint": "Al menos 10 caracteres; lo mejor es una frase de contraseña.",
  "auth.signup": "Registrarse",
  "auth.verify": "Verificar",
  "auth.need_account": "Necesito una cuenta",
  "auth.back": "Volver a iniciar sesión",
  "auth.forgot": "¿Olvidaste tu contraseña?",
  "auth.check_inbox":
    "Revisa tu bandeja de entrada: enviamos un enlace a {email}. Ábrelo para verificar tu dirección y luego inicia sesión.",
  "verify.banner":
    "Verifica tu dirección de correo: abre el enlace que enviamos a {email}. Hasta entonces no puedes crear cursos ni inserciones.",
  "verify.send_again": "Enviar de nuevo",
  "verify.sent": "Enviamos un enlace nuevo a {email}.",
  "verify.wait": "Se envió un enlace hace un momento. Espera unos minutos antes de pedir otro.",
  "error.email_unverified":
    "Primero verifica tu dirección de correo: abre el enlace que te enviamos o pide uno nuevo desde el aviso en la parte superior de la página.",
  "copy.done": "Copiado: {what}.",
  "copy.manual": "No se pudo copiar ({what}): selecciónalo y cópialo a mano.",
};
export default es;
