import type { AccountCatalog } from "./index.js";

const fr: AccountCatalog = {
  continue: "Continuer",
  "back.login": "Retour à la connexion",
  email: "E-mail",
  password: "Mot de passe",
  "verify.title": "Vérifiez votre adresse e-mail",
  "verify.busy": "Vérification du lien…",
  "verify.done": "Votre adresse e-mail {email} est vérifiée.",
  "verify.invalid":
    "Ce lien n’est plus valide : il a déjà servi, il a expiré ou il est incomplet. Connectez-vous et demandez-en un nouveau depuis le bandeau en haut du portail.",
  "verify.again": "Envoyer un nouveau lien",
  "verify.again.sent": "Nous avons envoyé un nouveau lien à {email}.",
  "verify.missing": "Cette page a besoin du lien de votre e-mail. Ouvrez le lien que nous vous avons envoyé.",
  "forgot.title": "Mot de passe oublié ?",
  "forgot.intro":
    "Saisissez l’adresse avec laquelle vous vous connectez. Nous vous enverrons un lien pour choisir un nouveau mot de passe.",
  "forgot.send": "Envoyer le lien",
  "forgot.sent":
    "Si un compte existe pour {email}, nous lui avons envoyé un lien. Il fonctionne une seule fois, pendant 30 minutes. S’il n’arrive pas, regardez dans vos indésirables.",
  "reset.title": "Choisissez un nouveau mot de passe",
  "reset.new": "Nouveau mot de passe",
  "reset.repeat": "Nouveau mot de passe, encore une fois",
  "reset.hint": "Au moins 10 caractères ; une phrase de passe est idéale.",
  "reset.mismatch": "Les deux mots de passe diffèrent. Saisissez deux fois le même.",
  "reset.code": "Code de votre application d’authentification, ou code de récupération",
  "reset.code.why":
    "La validation en deux étapes est activée sur ce compte : saisissez un code pour terminer.",
  "reset.submit": "Changer le mot de passe",
  "reset.done":
    "Mot de passe changé ; toutes les sessions ont été fermées. Connectez-vous avec votre nouveau mot de passe.",
  "reset.invalid":
    "Ce lien n’est plus valide : il a déjà servi, il a expiré (les liens durent 30 minutes) ou il est incomplet. Demandez-en un nouveau.",
  "reset.again": "Demander un nouveau lien",
  "settings.title": "Compte",
  "email.title": "Adresse e-mail",
  "email.current": "Vous vous connectez avec {email}.",
  "email.new": "Nouvelle adresse e-mail",
  "email.password": "Mot de passe actuel",
  "email.submit": "Changer d’adresse e-mail",
  "email.sent":
    "Nous avons envoyé un lien à {email}. Votre adresse change quand vous l’ouvrez ; d’ici là, vous vous connectez toujours avec l’ancienne.",
  "mail.title": "Notifications par e-mail",
  "mail.hint":
    "Des e-mails sur la sécurité de votre compte, que vous pouvez désactiver. Chaque changement est enregistré aussitôt.",
  "mail.keyExpiring": "Une clé de mon coffre expire dans moins de 7 jours",
  "mail.tutorBudget": "Un budget du tuteur atteint 80 % ou 100 % de son mois",
  "mail.mfaDisabled": "La validation en deux étapes a été désactivée",
  "mail.tokenCreated": "Un nouveau jeton d’accès a été créé",
  "mail.newSignIn": "Quelqu’un s’est connecté depuis un navigateur que ce compte n’avait jamais utilisé",
  "mail.loading": "Chargement de vos notifications…",
  "mail.saved.on": "Enregistré : nous vous écrirons quand cela arrivera ({what}).",
  "mail.saved.off": "Enregistré : plus d’e-mail pour ceci ({what}).",
  "data.title": "Vos données",
  "data.hint":
    "Un fichier JSON de tout ce qui est conservé sur votre compte : profil, soumissions avec leur code, conversations avec le tuteur, fiches de clés sans leurs secrets, entrées d’audit et cours.",
  "data.download": "Télécharger mes données",
  "data.busy": "Préparation de votre fichier…",
  "data.done": "Vos données ont été enregistrées sous {file}.",
  "delete.title": "Supprimer mon compte",
  "delete.hint": "La suppression de votre compte est définitive.",
  "delete.start": "Supprimer mon compte…",
  "delete.what":
    "Cela supprime vos soumissions, vos conversations avec le tuteur, vos clés et leurs secrets, vos jetons d’accès et sessions, et les cours dont vous êtes propriétaire sans autre équipe pédagogique. Les entrées d’audit sont gardées, sans votre nom ni votre adresse.",
  "delete.code": "Code de votre application d’authentification, ou code de récupération",
  "delete.yes": "Supprimer définitivement mon compte",
  "delete.no": "Garder mon compte",
  "delete.done": "Votre compte a été supprimé.",
  "delete.owns":
    "Vous êtes propriétaire de {courses}, où d’autres personnes enseignent. Confiez d’abord la propriété à l’une d’elles sur la page du cours, puis supprimez votre compte.",
};

export default fr;
