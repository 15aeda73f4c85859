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
  "intro.invitation.signup":
    "New here? Sign up, open the link we email you to verify your address, then log in on this page to accept the invitation.",
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
  "auth.forgot": "Forgot password?",
  "auth.check_inbox":
    "Check your inbox: we sent a link to {email}. Open it to verify your address, then log in.",
  "verify.banner":
    "Verify your email address: open the link we sent to {email}. Until then you cannot create courses or embeds.",
  "verify.send_again": "Send again",
  "verify.sent": "We sent a new link to {email}.",
  "verify.wait": "A link was sent a moment ago. Wait a few minutes before asking for another.",
  "error.email_unverified":
    "Verify your email address first: open the link we sent you, or ask for a new one from the banner at the top of the page.",
  "copy.done": "Copied the {what}.",
  "copy.manual": "Select the {what} and copy it by hand.",
} as const satisfies Catalog;
