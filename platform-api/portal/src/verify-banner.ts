import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement } from "lit";
import { ApiError, api, describe, type User } from "./api.js";
import { portalLocale } from "./locale.js";
import { shellMessages } from "./locales/shell/index.js";
import { portalStyles } from "./styles.js";

/**
 * The banner over every view while the signed-in address is unverified: what it holds back
 * (courses and embeds), and Send again for a new link.
 *
 * @fires cg-account-changed - the API says the address is verified already: the portal reads it again
 */
export class CgVerifyBanner extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: block;
        padding: 0.75rem 1rem;
        margin-block-end: 1rem;
        border: 1px solid var(--cg-border);
        border-inline-start: 4px solid var(--cg-accent);
        border-radius: var(--cg-radius);
        background: var(--cg-panel);
      }
      p {
        margin: 0;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      .row p {
        flex: 1 1 20rem;
        font-weight: 600;
      }
    `,
  ];
  static override properties = {
    user: { attribute: false },
    notice: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare user: User;
  declare notice: string;
  declare error: string;
  declare busy: boolean;
  private i18n = new I18nController(this, shellMessages);

  constructor() {
    super();
    this.notice = "";
    this.error = "";
    this.busy = false;
  }

  private async sendAgain() {
    const t = this.i18n.current;
    this.busy = true;
    this.notice = "";
    this.error = "";
    try {
      await api("POST", "/me/email/verification");
      this.notice = t.t("verify.sent", { email: this.user.email });
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) this.error = t.t("verify.wait");
      else if (err instanceof ApiError && err.code === "already_verified")
        this.dispatchEvent(new CustomEvent("cg-account-changed", { bubbles: true, composed: true }));
      else this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    return html`<div class="row">
        <p>${t.t("verify.banner", { email: this.user.email })}</p>
        <button type="button" ?disabled=${this.busy} @click=${this.sendAgain}>${t.t("verify.send_again")}</button>
      </div>
      <p class="ok" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.error}</p>`;
  }
}
customElements.define("cg-verify-banner", CgVerifyBanner);
