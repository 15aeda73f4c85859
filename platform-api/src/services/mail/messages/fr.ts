import type { MailMessageKey } from "./en.js";

/**
 * The mail in French, speaking to the reader as "vous"; a no-break space keeps `:`, `%` and the
 * like on the line of the word before them.
 */
const messages: Record<MailMessageKey, string> = {
  "common.footer": "Ce message a été envoyé par Codeground à {email}.",
  "common.ignore": "Si ce n’était pas vous, vous pouvez ignorer ce message.",
  "common.linkFallback": "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur\u00a0:",

  "verify_email.subject": "Vérifiez votre adresse e-mail pour Codeground",
  "verify_email.body":
    "Quelqu’un s’est inscrit sur Codeground avec cette adresse.\nSuivez le lien pour la vérifier. D’ici là, vous pouvez tout faire, sauf créer des cours et des intégrations.\nLe lien ne fonctionne qu’une fois, pendant 24\u00a0heures.",
  "verify_email.action": "Vérifier mon adresse",

  "signup_existing.subject": "Quelqu’un a essayé de s’inscrire avec votre adresse",
  "signup_existing.body":
    "Quelqu’un a essayé de créer un compte Codeground avec cette adresse, qui en a déjà un. Aucun second compte n’a été créé.\nSi c’était vous, connectez-vous plutôt. Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser.",
  "signup_existing.action": "Réinitialiser mon mot de passe",

  "email_change.subject": "Confirmez votre nouvelle adresse e-mail pour Codeground",
  "email_change.body":
    "Vous avez demandé à utiliser cette adresse pour votre compte Codeground.\nSuivez le lien pour la confirmer. D’ici là, votre compte garde son adresse actuelle.\nLe lien ne fonctionne qu’une fois, pendant 24\u00a0heures.",
  "email_change.action": "Utiliser cette adresse",

  "email_changed.subject": "L’adresse e-mail de votre compte Codeground a été modifiée",
  "email_changed.body":
    "L’adresse e-mail de votre compte Codeground a été remplacée par {newEmail}.\nDésormais, les messages y seront envoyés. Si vous n’êtes pas à l’origine de ce changement, réinitialisez immédiatement votre mot de passe et contactez votre administrateur.",
  "email_changed.action": "Réinitialiser mon mot de passe",

  "password_reset.subject": "Réinitialisez votre mot de passe Codeground",
  "password_reset.body":
    "Quelqu’un a demandé à réinitialiser le mot de passe du compte Codeground associé à cette adresse.\nSuivez le lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une fois, pendant 30\u00a0minutes. Si la double authentification est activée, il vous faudra aussi un code de votre application ou un code de récupération.",
  "password_reset.action": "Choisir un nouveau mot de passe",

  "password_changed.subject": "Le mot de passe de votre compte Codeground a été modifié",
  "password_changed.body":
    "Le mot de passe de votre compte Codeground a été réinitialisé. Toutes les sessions et tous les jetons d’accès ont pris fin\u00a0: reconnectez-vous partout.\nSi vous n’êtes pas à l’origine de ce changement, réinitialisez de nouveau votre mot de passe immédiatement et contactez votre administrateur.",
  "password_changed.action": "Se connecter",

  "course_invitation.subject": "Vous êtes invité à enseigner dans {course} sur Codeground",
  "course_invitation.body":
    "{inviter} vous a invité à rejoindre le cours {course} comme {role}.\nSuivez le lien pour accepter. Si vous n’avez pas encore de compte Codeground, vous en créerez d’abord un. L’invitation ne fonctionne qu’une fois, pendant 7\u00a0jours.",
  "course_invitation.action": "Accepter l’invitation",
  "role.instructor": "enseignant",
  "role.ta": "assistant",

  "key_expiring.subject": "Votre clé d’API {key} expire le {date}",
  "key_expiring.body":
    "La clé {provider} {key} de votre coffre Codeground expire le {date}.\nEnsuite, le tuteur et les retours qui l’utilisent cesseront de fonctionner. Remplacez son secret ou choisissez une autre clé.",
  "key_expiring.action": "Ouvrir mes clés",

  "budget_warning.subject": "{budget}\u00a0: {percent}\u00a0% du budget du tuteur de ce mois est utilisé",
  "budget_warning.body":
    "{budget} a utilisé {percent}\u00a0% de son budget de tuteur pour ce mois ({used} jetons sur {limit}).\nÀ 100\u00a0%, le tuteur ne répondra plus jusqu’au mois prochain ou jusqu’à ce que le budget soit augmenté.",
  "budget_exhausted.subject": "{budget}\u00a0: le budget du tuteur de ce mois est épuisé",
  "budget_exhausted.body":
    "{budget} a utilisé tout son budget de tuteur pour ce mois ({used} jetons sur {limit}).\nLe tuteur ne répondra plus avec ce budget jusqu’au mois prochain, ou jusqu’à ce que le budget soit augmenté.",
  "budget.own": "Votre clé {key}",
  "budget.course": "Le cours {course}",
  "budget.action": "Consulter le budget",

  "mfa_disabled.subject": "La double authentification a été désactivée",
  "mfa_disabled.body":
    "La double authentification de votre compte Codeground a été désactivée le {date}.\nVotre compte n’est plus protégé que par son mot de passe. Si vous n’êtes pas à l’origine de ce changement, réinitialisez immédiatement votre mot de passe et réactivez la double authentification.",
  "mfa_disabled.action": "Ouvrir les paramètres de sécurité",

  "token_created.subject": "Un nouveau jeton d’accès a été créé\u00a0: {token}",
  "token_created.body":
    "Un jeton d’accès nommé {token}, avec les portées {scopes}, a été créé pour votre compte Codeground le {date}.\nSi vous n’êtes pas à l’origine de cette création, révoquez-le dans vos paramètres de sécurité et changez votre mot de passe.",
  "token_created.action": "Ouvrir les paramètres de sécurité",

  "new_sign_in.subject": "Nouvelle connexion à Codeground depuis {browser}",
  "new_sign_in.body":
    "Le {date}, une connexion à votre compte Codeground a eu lieu depuis un navigateur que ce compte n’avait encore jamais utilisé.\nNavigateur\u00a0: {browser}\nAdresse IP\u00a0: {ip}\nSi c’était vous, vous n’avez rien à faire. Sinon, réinitialisez votre mot de passe et activez la double authentification.",
  "new_sign_in.action": "Ouvrir les paramètres de sécurité",
  "new_sign_in.browserOn": "{browser} sous {system}",
  "new_sign_in.unknownBrowser": "un navigateur inconnu",

  "notifications.footer":
    "Vous pouvez désactiver ce type de message dans les paramètres de notification du portail.",

  "account_deleted.subject": "Votre compte Codeground a été supprimé",
  "account_deleted.body":
    "Votre compte Codeground et les données qu’il conservait ont été supprimés le {date}, comme vous l’avez demandé.\nSeules subsistent des entrées pseudonymisées du journal d’audit. Cette opération est irréversible.",
};
export default messages;
