import type { KeyGrant } from "@codeground/sdk";
import { I18nController, type Translator } from "@codeground/widget/i18n";
import { richText } from "@codeground/widget/keys";
import { type ConnectKey, connectMessages, isConnectKey } from "@codeground/widget/locales/connect";
import { html, LitElement, nothing } from "lit";
import { ApiError, api, describe, type User } from "./api.js";
import { portalLocale } from "./locale.js";
import { portalStyles } from "./styles.js";

/** The host page's origin as the keys frame passed it, if it is one (scheme, host, port; no path). */
function originParam(value: string | null): string | null {
  if (!value || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.origin === value && /^https?:$/.test(url.protocol) ? value : null;
}

/**
 * `/connect`, opened by the keys manager inside an embed: the signed-in user says whether that
 * page may manage their key vault for an hour. The grant goes only to the window that opened this
 * one, and only at our own origin (the keys frame's), so neither the host page nor any other
 * window can receive it. It speaks the keys manager's language (`?lang=`, one the widget has a
 * catalog for), else the portal's.
 */
export class CgConnect extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    user: { attribute: false },
    error: { state: true },
    done: { state: true },
    busy: { state: true },
  };
  declare user: User;
  /** What went wrong: the API's error (worded by the catalog where it knows the code). */
  declare error: unknown;
  /** What happened, once it did: the window can close. */
  declare done: "" | "granted" | "nothing_shared";
  declare busy: boolean;
  private readonly params = new URLSearchParams(location.search);
  private readonly embed = this.params.get("embed") ?? "";
  private readonly origin = originParam(this.params.get("origin"));
  private readonly i18n = new I18nController(this, connectMessages);

  constructor() {
    super();
    this.error = undefined;
    this.done = "";
    this.busy = false;
  }

  /** The keys frame that opened us; a message to it is delivered only if it is on our origin. */
  private tell(message: unknown) {
    window.opener?.postMessage(message, location.origin);
  }

  private async allow() {
    if (!this.origin) return;
    this.busy = true;
    this.error = undefined;
    try {
      const grant = await api<KeyGrant>("POST", "/embed/key-grants", {
        publishableKey: this.embed,
        origin: this.origin,
      });
      this.tell({ type: "cg:grant", grant });
      this.done = "granted";
      window.close();
    } catch (err) {
      this.error = err;
    } finally {
      this.busy = false;
    }
  }

  private deny() {
    // In the keys manager's language: the frame shows these words as they come.
    this.tell({ type: "cg:grant-refused", message: this.i18n.current.t("refused") });
    this.done = "nothing_shared";
    window.close();
  }

  /** An error in the window's language where the catalog words its code, else the API's words. */
  private errorText(t: Translator<ConnectKey>): string {
    const err = this.error;
    if (!err) return "";
    const key = err instanceof ApiError ? `error.${err.code}` : "";
    return isConnectKey(key) ? t.t(key, { origin: this.origin ?? "" }) : describe(err);
  }

  override render() {
    const t = this.i18n.request(this.params.get("lang"), portalLocale());
    return html`<div lang=${t.locale} dir=${t.dir}>${this.renderStep(t)}</div>`;
  }

  private renderStep(t: Translator<ConnectKey>) {
    if (this.done)
      return html`<section class="panel"><h1>${t.t("title")}</h1><p role="status">${t.t(this.done)}</p></section>`;
    if (!this.origin || !this.embed || !window.opener) {
      return html`<section class="panel">
        <h1>${t.t("title")}</h1>
        <p class="error" role="alert">${t.t("no_opener")}</p>
      </section>`;
    }
    const origin = html`<strong dir="ltr">${this.origin}</strong>`;
    return html`
      <section class="panel" aria-labelledby="connect-title">
        <h1 id="connect-title">${richText(t.t("title.origin"), { origin: html`<bdi>${this.origin}</bdi>` })}</h1>
        <p>${richText(t.t("asks"), { origin })}</p>
        <p class="hint">${t.t("hint")}</p>
        <p>${richText(t.t("signed_in"), { name: html`<strong><bdi>${this.user.displayName ?? this.user.email}</bdi></strong>` })}</p>
        <p class="error" role="alert">${this.errorText(t)}</p>
        <div class="actions">
          <button class="primary" type="button" ?disabled=${this.busy} @click=${this.allow}>${t.t("allow")}</button>
          <button type="button" ?disabled=${this.busy} @click=${this.deny}>${t.t("cancel")}</button>
          <button type="button" ?disabled=${this.busy} @click=${() =>
            this.dispatchEvent(
              new CustomEvent("cg-signed-out", { bubbles: true, composed: true }),
            )}>${t.t("log_out")}</button>
        </div>
        ${this.busy ? html`<p role="status">${t.t("granting")}</p>` : nothing}
      </section>
    `;
  }
}
customElements.define("cg-connect", CgConnect);
