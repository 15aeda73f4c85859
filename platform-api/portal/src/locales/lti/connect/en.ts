import type { Catalog } from "@codeground/widget/i18n";

export default {
  title: "Register Codeground with your LMS",
  nothing:
    "Open this window from your LMS's tool registration (its dynamic registration of Codeground); there is nothing to register here.",
  ask: "Register Codeground with {platform}?",
  explain:
    "The learning platform at {platform} asks to add Codeground as an LTI 1.3 tool. The registration will belong to you: courses launched from that platform become Codeground courses you own, and you can remove the registration on your LTI page.",
  who: "Signed in as {name}.",
  register: "Register",
  cancel: "Cancel",
  logout: "Not you? Log out",
  registering: "Registering…",
  done: "Codeground is registered with {issuer}. You can close this window; the LMS finishes the setup.",
  cancelled: "Nothing was registered. You can close this window.",
} as const satisfies Catalog;
