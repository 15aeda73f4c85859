import type { Catalog } from "@codeground/widget/i18n";

export default {
  "nav.label": "Portal",
  "nav.problems": "Problems",
  "nav.courses": "Courses",
  "nav.keys": "Keys",
  "nav.security": "Security",
  "nav.embeds": "Embeds",
  "nav.lti": "LTI",
  "nav.audit": "Audit log",
  "nav.author": "Authoring",
  "nav.admin": "Users",
  language: "Language",
  loading: "Loading…",
  logout: "Log out",
  "error.chunk": "This page could not load. Check your connection, then reload the page.",
  "error.network": "Could not reach Codeground. Check your connection.",
  "error.http": "The request failed (HTTP {status}).",
  "intro.connect":
    "Log in to Codeground to connect your AI provider keys to the course page that sent you here.",
  "intro.lti":
    "Log in to Codeground, or create an account, to register Codeground with the learning platform (LMS) that sent you here.",
  "intro.invitation":
    "You have been invited to help teach a course on Codeground. Log in, or create an account, with the email address the invitation was sent to; then you can accept it.",
  "sandbox.down":
    "Running code is unavailable right now: the sandbox cannot be reached. You can still browse problems and manage your keys; runs and submissions will work again once it is back.",
  "auth.login": "Log in",
  "auth.signup.title": "Create your account",
  "auth.mfa.title": "Two-factor check",
  "auth.code": "Code from your authenticator app, or a recovery code",
  "auth.name": "Name (optional)",
  "auth.email": "Email",
  "auth.password": "Password",
  "auth.password.hint": "At least 10 characters; a passphrase is best.",
  "auth.signup": "Sign up",
  "auth.verify": "Verify",
  "auth.need_account": "I need an account",
  "auth.back": "Back to log in",
  "copy.done": "Copied the {what}.",
  "copy.manual": "Select the {what} and copy it by hand.",
} as const satisfies Catalog;
