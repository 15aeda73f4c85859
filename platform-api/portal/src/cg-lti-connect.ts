import type { LtiRegistration, User } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { html, LitElement, nothing } from "lit";
import { api, describe } from "./api.js";
import { portalLocale } from "./locale.js";
import { connectMessages } from "./locales/lti/connect/index.js";
import { fill } from "./message-markup.js";
import { portalStyles } from "./styles.js";

/** An http(s) URL as the registration page passed it, or null. */
function urlParam(value: string | null): URL | null {
  if (!value || !URL.canParse(value)) return null;
  const url = new URL(value);
  return /^https?:$/.test(url.protocol) ? url : null;
}

/**
 * `/lti/connect`, opened by the Dynamic Registration page inside the LMS's dialog: the signed-in
 * user confirms that Codeground registers itself with that platform under their account. The
 * outcome goes only to the window that opened this one, and only at our own origin (the
 * registration page's), which then closes the LMS dialog.
 *
 * @fires cg-signed-out - "Not you? Log out"
 */
export class CgLtiConnect extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    user: { attribute: false },
    error: { state: true },
    done: { state: true },
    busy: { state: true },
  };
  declare user: User;
  declare error: string;
  declare done: string;
  declare busy: boolean;
  private readonly params = new URLSearchParams(location.search);
  private readonly configuration = urlParam(this.params.get("openid_configuration"));
  private readonly registrationToken = this.params.get("registration_token") ?? undefined;
  private i18n = new I18nController(this, connectMessages);

  constructor() {
    super();
    this.error = "";
    this.done = "";
    this.busy = false;
  }

  /** The registration page that opened us; a message to it is delivered only if it is on our origin. */
  private tell(message: unknown) {
    window.opener?.postMessage(message, location.origin);
  }

  private async register() {
    if (!this.configuration) return;
    this.busy = true;
    this.error = "";
    try {
      const made = await api<LtiRegistration>("POST", "/lti/registrations/dynamic", {
        openidConfiguration: this.configuration.href,
        ...(this.registrationToken ? { registrationToken: this.registrationToken } : {}),
      });
      this.tell({ type: "cg:lti-registered", registration: { id: made.id, issuer: made.issuer } });
      this.done = this.i18n.current.t("done", { issuer: made.issuer });
      window.close();
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private cancel() {
    this.tell({ type: "cg:lti-registration-cancelled" });
    this.done = this.i18n.current.t("cancelled");
    window.close();
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const title = t.t("title");
    if (this.done)
      return html`<section class="panel"><h1>${title}</h1><p role="status">${this.done}</p></section>`;
    if (!this.configuration) {
      return html`<section class="panel">
        <h1>${title}</h1>
        <p class="error" role="alert">${t.t("nothing")}</p>
      </section>`;
    }
    const platform = this.configuration.origin;
    return html`
      <section class="panel" aria-labelledby="lti-connect-title">
        <h1 id="lti-connect-title">${t.t("ask", { platform })}</h1>
        <p>${fill(t.t("explain"), { platform: html`<strong>${platform}</strong>` })}</p>
        <p>${fill(t.t("who"), { name: html`<strong>${this.user.displayName ?? this.user.email}</strong>` })}</p>
        <p class="error" role="alert">${this.error}</p>
        <div class="actions">
          <button class="primary" type="button" ?disabled=${this.busy} @click=${this.register}>${t.t("register")}</button>
          <button type="button" ?disabled=${this.busy} @click=${this.cancel}>${t.t("cancel")}</button>
          <button type="button" ?disabled=${this.busy} @click=${() =>
            this.dispatchEvent(
              new CustomEvent("cg-signed-out", { bubbles: true, composed: true }),
            )}>${t.t("logout")}</button>
        </div>
        ${this.busy ? html`<p role="status">${t.t("registering")}</p>` : nothing}
      </section>
    `;
  }
}
customElements.define("cg-lti-connect", CgLtiConnect);
