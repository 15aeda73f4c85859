import type { Context } from "koa";
import type { PlatformConfiguration } from "../services/lti/dynamic-registration.js";
import { html, renderLtiPage } from "./lti-pages.js";

/** Where the registration page sends the administrator to sign in: a Codeground window (the portal). */
export const LTI_CONNECT_PATH = "/lti/connect";

/**
 * The Dynamic Registration page the LMS shows in its dialog (`GET /lti/register`). It cannot use
 * the portal's cookie (SameSite=Strict, and a framed page's cookies are third-party), so its
 * button opens a Codeground window (`/lti/connect`) where the administrator signs in and confirms;
 * that window registers, tells this page, and this page closes the LMS dialog
 * (`org.imsglobal.lti.close`).
 */
export function renderRegisterPage(
  ctx: Context,
  config: PlatformConfiguration,
  params: { openidConfiguration: string; registrationToken: string | undefined },
) {
  const query = new URLSearchParams({ openid_configuration: params.openidConfiguration });
  if (params.registrationToken) query.set("registration_token", params.registrationToken);
  const product = config["https://purl.imsglobal.org/spec/lti-platform-configuration"]?.product_family_code;
  renderLtiPage(ctx, {
    status: 200,
    title: "Register Codeground with your learning platform",
    paragraphs: [
      `Platform: ${product ? `${product} at ` : ""}${config.issuer}`,
      "Codeground registers itself with this platform under your Codeground account: the courses launched from it become Codeground courses you own, and grades and rosters flow between them.",
    ],
    body: `<div id="lti-register" data-connect="${html(`${LTI_CONNECT_PATH}?${query}`)}"><p><button id="lti-register-open" type="button">Sign in to Codeground and register</button></p><p>A Codeground window opens: sign in there (or create an account) and confirm. Allow pop-ups for this page if your browser asks.</p><p id="lti-status" role="status" aria-live="polite"></p></div>`,
    script: "/lti/register.js",
    platformOrigins: [new URL(config.issuer).origin],
  });
}

/**
 * `GET /lti/register.js`: opens the Codeground window, listens for its answer (our own origin,
 * from that window only), and closes the LMS dialog with the Dynamic Registration postMessage.
 */
export const LTI_REGISTER_SCRIPT = `"use strict";
(function () {
  var el = document.getElementById("lti-register");
  var button = document.getElementById("lti-register-open");
  var status = document.getElementById("lti-status");
  if (!el || !button) return;
  var popup = null;
  function say(text) {
    if (status) status.textContent = text;
  }
  button.addEventListener("click", function () {
    popup = window.open(el.dataset.connect, "cg-lti-register", "popup,width=600,height=760");
    if (!popup) say("Your browser blocked the Codeground window. Allow pop-ups for this page, then press the button again.");
    else say("Finish in the Codeground window: sign in and confirm the registration.");
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !popup || event.source !== popup) return;
    var m = event.data;
    if (!m || typeof m !== "object") return;
    if (m.type === "cg:lti-registered") {
      button.hidden = true;
      say("Codeground is registered with your platform. This dialog closes now.");
      window.parent.postMessage({ subject: "org.imsglobal.lti.close" }, "*");
    } else if (m.type === "cg:lti-registration-cancelled") {
      say("The registration was cancelled; nothing was registered. Press the button to start again.");
    }
  });
})();
`;
