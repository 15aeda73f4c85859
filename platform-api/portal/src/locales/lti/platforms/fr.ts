import type { PlatformsCatalog } from "./index.js";

const fr: PlatformsCatalog = {
  title: "Intégration LMS (LTI 1.3)",
  intro:
    "Les cours d’une plateforme d’apprentissage lancent les problèmes et devoirs de Codeground\u00a0; chaque cours du LMS devient un cours Codeground dont vous êtes propriétaire, les notes remontent au LMS et l’équipe pédagogique peut importer sa liste d’inscrits.",
  "urls.title": "Les adresses de Codeground pour votre LMS",
  "urls.hint":
    "Si votre LMS enregistre les outils lui-même (Moodle 4, Canvas et d’autres\u00a0: «\u00a0enregistrement dynamique LTI Advantage\u00a0»), donnez-lui l’URL d’enregistrement dynamique et confirmez dans la fenêtre qui s’ouvre. Sinon, ajoutez Codeground comme outil LTI 1.3 avec ces adresses, puis enregistrez la plateforme ci-dessous avec ce qu’affiche le LMS.",
  "url.login": "URL de connexion (initiation OIDC)",
  "url.login.what": "URL de connexion (initiation OIDC)",
  "url.launch": "URL de redirection et de lancement",
  "url.launch.what": "URL de redirection et de lancement",
  "url.jwks": "URL du jeu de clés publiques (JWKS)",
  "url.jwks.what": "URL du jeu de clés publiques (JWKS)",
  "url.register": "URL d’enregistrement dynamique",
  "url.register.what": "URL d’enregistrement dynamique",
  copy: "Copier",
  "copy.label": "Copier l’{what}",
  "list.title": "Vos plateformes",
  "list.loading": "Chargement de vos plateformes…",
  "list.none": "Aucune plateforme n’est encore enregistrée.",
  "form.title": "Enregistrer une plateforme à la main",
  "form.name": "Nom (facultatif)",
  "form.submit": "Enregistrer la plateforme",
  "field.issuer": "Émetteur",
  "field.issuer.hint": "L’émetteur (iss) de la plateforme, p. ex. https://canvas.instructure.com",
  "field.clientId": "Identifiant client",
  "field.clientId.hint": "Ce que le LMS affiche pour cet outil une fois ajouté",
  "field.deploymentIds": "Identifiants de déploiement",
  "field.deploymentIds.hint": "Un ou plusieurs, séparés par des virgules ou des retours à la ligne",
  "field.authLoginUrl": "URL de connexion d’autorisation",
  "field.authLoginUrl.hint": "Le point de terminaison d’autorisation OIDC de la plateforme",
  "field.authTokenUrl": "URL des jetons",
  "field.authTokenUrl.hint":
    "Le point de terminaison des jetons OAuth2 de la plateforme (notes et listes d’inscrits)",
  "field.keysetUrl": "URL du jeu de clés",
  "field.keysetUrl.hint": "Les clés publiques de la plateforme (JWKS)",
  registered: "{issuer} enregistrée. Les lancements depuis cette plateforme fonctionnent désormais.",
  removed: "{issuer} retirée. Ses lancements sont désormais refusés\u00a0; ses cours sont conservés.",
  "remove.button": "Retirer",
  "remove.button.label": "Retirer {name}",
  "remove.label": "Confirmer\u00a0: retirer {issuer}",
  "remove.text":
    "Retirer l’enregistrement de {issuer}\u00a0? Les lancements depuis cette plateforme seront refusés\u00a0; les cours où elle a lancé sont conservés.",
  "remove.yes": "Oui, le retirer",
  "remove.no": "Le garder",
};
export default fr;
