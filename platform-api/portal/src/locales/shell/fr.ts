import type { ShellCatalog } from "./index.js";

const fr: ShellCatalog = {
  "nav.label": "Portail",
  "nav.problems": "Problèmes",
  "nav.courses": "Cours",
  "nav.keys": "Clés",
  "nav.security": "Sécurité",
  "nav.embeds": "Intégrations",
  "nav.lti": "LTI",
  "nav.audit": "Journal d’audit",
  "nav.author": "Rédaction",
  "nav.admin": "Utilisateurs",
  language: "Langue",
  loading: "Chargement…",
  logout: "Se déconnecter",
  "error.chunk": "Impossible de charger cette page. Vérifiez votre connexion, puis rechargez la page.",
  "error.network": "Impossible de joindre Codeground. Vérifiez votre connexion.",
  "error.http": "La requête a échoué (HTTP {status}).",
  "intro.connect":
    "Connectez-vous à Codeground pour relier vos clés de fournisseurs d’IA à la page de cours qui vous a envoyé ici.",
  "intro.lti":
    "Connectez-vous à Codeground, ou créez un compte, pour enregistrer Codeground auprès de la plateforme d’apprentissage (LMS) qui vous a envoyé ici.",
  "intro.invitation":
    "Vous êtes invité à participer à l’enseignement d’un cours sur Codeground. Connectez-vous, ou créez un compte, avec l’adresse e-mail à laquelle l’invitation a été envoyée ; vous pourrez ensuite l’accepter.",
  "intro.invitation.signup":
    "Nouveau ici ? Inscrivez-vous, ouvrez le lien que nous vous envoyons par e-mail pour vérifier votre adresse, puis connectez-vous sur cette page pour accepter l’invitation.",
  "sandbox.down":
    "L’exécution de code est indisponible pour le moment : le bac à sable est injoignable. Vous pouvez toujours parcourir les problèmes et gérer vos clés ; les exécutions et les soumissions fonctionneront de nouveau dès son retour.",
  "auth.login": "Se connecter",
  "auth.signup.title": "Créez votre compte",
  "auth.mfa.title": "Vérification en deux étapes",
  "auth.code": "Code de votre application d’authentification, ou un code de récupération",
  "auth.name": "Nom (facultatif)",
  "auth.email": "E-mail",
  "auth.password": "Mot de passe",
  "auth.password.hint": "Au moins 10 caractères ; une phrase de passe est idéale.",
  "auth.signup": "S’inscrire",
  "auth.verify": "Vérifier",
  "auth.need_account": "Je n’ai pas de compte",
  "auth.back": "Retour à la connexion",
  "auth.forgot": "Mot de passe oublié ?",
  "auth.check_inbox":
    "Consultez votre boîte de réception : nous avons envoyé un lien à {email}. Ouvrez-le pour vérifier votre adresse, puis connectez-vous.",
  "verify.banner":
    "Vérifiez votre adresse e-mail : ouvrez le lien envoyé à {email}. D’ici là, vous ne pouvez pas créer de cours ni d’intégrations.",
  "verify.send_again": "Renvoyer",
  "verify.sent": "Nous avons envoyé un nouveau lien à {email}.",
  "verify.wait": "Un lien vient d’être envoyé. Attendez quelques minutes avant d’en demander un autre.",
  "error.email_unverified":
    "Vérifiez d’abord votre adresse e-mail : ouvrez le lien que nous vous avons envoyé, ou demandez-en un nouveau depuis le bandeau en haut de la page.",
  "copy.done": "Copié : {what}.",
  "copy.manual": "Copie impossible ({what}) : sélectionnez le texte et copiez-le vous-même.",
};
export default fr;
