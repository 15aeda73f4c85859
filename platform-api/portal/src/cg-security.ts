import { I18nController } from "@codeground/widget/i18n";
import { html, LitElement, nothing } from "lit";
import { type AccessToken, ApiError, api, type CreatedToken, describe, type User } from "./api.js";
import { portalLocale } from "./locale.js";
import { manageMessages } from "./locales/manage/index.js";
import { portalStyles } from "./styles.js";
import { labelTableCells } from "./table-labels.js";

interface Setup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

/** A download link for text made here (recovery codes): a Blob URL, nothing leaves the page. */
function textFileUrl(text: string): string {
  return URL.createObjectURL(new Blob([text], { type: "text/plain" }));
}

/**
 * Two-factor sign-in (TOTP enrolment by QR code, recovery codes to download, turning it off) and
 * personal access tokens for the SDK (shown once, stored hashed).
 */
export class CgSecurity extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    user: { attribute: false },
    setup: { state: true },
    recoveryCodes: { state: true },
    tokens: { state: true },
    created: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
    needPassword: { state: true },
  };
  declare user: User;
  declare setup: Setup | null;
  declare recoveryCodes: string[] | null;
  declare tokens: AccessToken[] | undefined;
  declare created: CreatedToken | null;
  declare error: string;
  declare notice: string;
  declare busy: boolean;
  /** The API asked for the password again (the sign-in is older than 15 minutes). */
  declare needPassword: boolean;
  /** Typed once, kept in this page's memory only, for the two-factor changes that follow. */
  private password: string | undefined;
  /** The two-factor change that asked for the password, run again once it is typed. */
  private pending: (() => Promise<string | undefined>) | undefined;
  private i18n = new I18nController(this, manageMessages);

  constructor() {
    super();
    labelTableCells(this);
    this.setup = null;
    this.recoveryCodes = null;
    this.tokens = undefined;
    this.created = null;
    this.error = "";
    this.notice = "";
    this.busy = false;
    this.needPassword = false;
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.password = undefined;
    this.pending = undefined;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.loadTokens();
  }

  private async loadTokens() {
    try {
      this.tokens = await api<AccessToken[]>("GET", "/me/tokens");
    } catch (err) {
      this.error = describe(err);
    }
  }

  private async act(what: () => Promise<string | undefined>) {
    this.busy = true;
    this.error = "";
    this.notice = "";
    try {
      this.notice = (await what()) ?? "";
    } catch (err) {
      if (err instanceof ApiError && err.code === "reauthentication_required") {
        this.pending = what;
        this.needPassword = true;
      }
      if (err instanceof ApiError && err.code === "invalid_credentials") this.password = undefined;
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  /** The account changed (two-factor on or off): the portal refreshes who is signed in. */
  private changed() {
    this.dispatchEvent(new CustomEvent("cg-account-changed", { bubbles: true, composed: true }));
  }

  private codeOf(event: SubmitEvent): string {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const code = String(new FormData(form).get("code") ?? "").trim();
    form.reset();
    return code;
  }

  /** The password, when the API asked for it: sent with each change to the second factor. */
  private reauth(): { password?: string } {
    return this.password ? { password: this.password } : {};
  }

  private confirmPassword(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.password = String(new FormData(form).get("password") ?? "");
    form.reset();
    this.needPassword = false;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) return this.act(pending);
    return undefined;
  }

  private startSetup() {
    return this.act(async () => {
      this.setup = await api<Setup>("POST", "/me/mfa/totp/setup", this.reauth());
      return undefined;
    });
  }

  private enable(event: SubmitEvent) {
    const code = this.codeOf(event);
    return this.act(async () => {
      const { recoveryCodes } = await api<{ recoveryCodes: string[] }>("POST", "/me/mfa/totp/enable", {
        code,
        ...this.reauth(),
      });
      this.setup = null;
      this.recoveryCodes = recoveryCodes;
      this.changed();
      return this.i18n.current.t("sec.mfa_on_done");
    });
  }

  private disable(event: SubmitEvent) {
    const code = this.codeOf(event);
    return this.act(async () => {
      await api("POST", "/me/mfa/totp/disable", { code, ...this.reauth() });
      this.recoveryCodes = null;
      this.changed();
      return this.i18n.current.t("sec.mfa_off_done");
    });
  }

  private regenerate(event: SubmitEvent) {
    const code = this.codeOf(event);
    return this.act(async () => {
      this.recoveryCodes = (
        await api<{ recoveryCodes: string[] }>("POST", "/me/mfa/recovery-codes", { code, ...this.reauth() })
      ).recoveryCodes;
      return this.i18n.current.t("sec.new_codes_done");
    });
  }

  private createToken(event: SubmitEvent) {
    event.preventDefault();
    const formEl = event.target as HTMLFormElement;
    const form = new FormData(formEl);
    const days = Number(form.get("expiresInDays") || 0);
    return this.act(async () => {
      this.created = await api<CreatedToken>("POST", "/me/tokens", {
        name: String(form.get("name") ?? "").trim(),
        scopes: form.getAll("scopes").map(String),
        ...(days ? { expiresInDays: days } : {}),
      });
      formEl.reset();
      await this.loadTokens();
      return this.i18n.current.t("sec.token_done");
    });
  }

  private revoke(token: AccessToken) {
    if (!confirm(this.i18n.current.t("sec.revoke_ask", { name: token.name }))) return;
    return this.act(async () => {
      await api("DELETE", `/me/tokens/${token.id}`);
      if (this.created?.id === token.id) this.created = null;
      await this.loadTokens();
      return this.i18n.current.t("sec.revoked", { name: token.name });
    });
  }

  private codeForm(id: string, label: string, submit: string, handler: (e: SubmitEvent) => unknown) {
    return html`<form @submit=${handler}>
      <label for=${id}>${label}</label>
      <input id=${id} name="code" inputmode="numeric" autocomplete="one-time-code" required />
      <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${submit}</button></div>
    </form>`;
  }

  private renderTwoFactor() {
    const t = this.i18n.current;
    if (this.needPassword) {
      return html`<form @submit=${this.confirmPassword}>
        <p>${t.t("sec.reauth")}</p>
        <label for="reauth-password">${t.t("sec.password")}</label>
        <input id="reauth-password" name="password" type="password" autocomplete="current-password" required />
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.t("confirm")}</button>
          <button type="button" @click=${() => {
            this.needPassword = false;
            this.pending = undefined;
            this.error = "";
          }}>${t.t("cancel")}</button>
        </div>
      </form>`;
    }
    if (this.recoveryCodes) {
      const text = `${t.t("sec.codes_file", { email: this.user.email })}\n\n${this.recoveryCodes.join("\n")}\n`;
      return html`
        <p>${t.t("sec.codes_hint")}</p>
        <ul class="mono" aria-label=${t.t("sec.codes")}>${this.recoveryCodes.map((c) => html`<li>${c}</li>`)}</ul>
        <div class="actions">
          <a class="button" href=${textFileUrl(text)} download="codeground-recovery-codes.txt">${t.t("sec.download_codes")}</a>
          <button type="button" @click=${() => {
            this.recoveryCodes = null;
          }}>${t.t("sec.saved_codes")}</button>
        </div>
      `;
    }
    if (this.setup) {
      const qr = `data:image/svg+xml;base64,${btoa(this.setup.qrSvg)}`;
      return html`
        <p>${t.t("sec.scan")}</p>
        <img src=${qr} width="200" height="200" alt=${t.t("sec.qr")} />
        <p class="hint">${t.t("sec.by_hand")} <code data-testid="totp-secret">${this.setup.secret}</code></p>
        ${this.codeForm("enable-code", t.t("sec.app_code"), t.t("sec.turn_on"), (e) => this.enable(e))}
      `;
    }
    if (this.user.mfaEnabled) {
      return html`
        <p class="ok">${t.t("sec.mfa_on")}</p>
        ${this.codeForm("regen-code", t.t("sec.regen_code"), t.t("sec.regen"), (e) => this.regenerate(e))}
        ${this.codeForm("disable-code", t.t("sec.off_code"), t.t("sec.turn_off"), (e) => this.disable(e))}
      `;
    }
    return html`
      <p>${t.t("sec.mfa_off")}</p>
      <div class="actions"><button class="primary" type="button" ?disabled=${this.busy} @click=${this.startSetup}>${t.t("sec.setup")}</button></div>
    `;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const [headerBefore, headerAfter] = t.t("sec.tokens_hint").split("{header}");
    return html`
      <h1>${t.t("sec.title")}</h1>
      <p class="error" role="alert">${this.error}</p>
      <p class="ok" role="status">${this.notice}</p>
      <section class="panel" aria-labelledby="mfa-title">
        <h2 id="mfa-title">${t.t("sec.mfa_title")}</h2>
        ${this.renderTwoFactor()}
      </section>
      <section class="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">${t.t("sec.tokens_title")}</h2>
        <p class="hint">${headerBefore}<code>Authorization: Bearer …</code>${headerAfter}</p>
        ${
          this.created
            ? html`<p>${t.t("sec.new_token", { name: this.created.name })} <code data-testid="new-token">${this.created.token}</code></p>`
            : nothing
        }
        ${
          this.tokens === undefined
            ? html`<p role="status">${t.t("sec.tokens_loading")}</p>`
            : this.tokens.length === 0
              ? html`<p>${t.t("sec.no_tokens")}</p>`
              : html`<table class="stack">
                <thead><tr><th scope="col">${t.t("name")}</th><th scope="col">${t.t("sec.scopes")}</th><th scope="col">${t.t("sec.expires")}</th><th scope="col">${t.t("sec.last_used")}</th><th scope="col">${t.t("actions")}</th></tr></thead>
                <tbody>
                  ${this.tokens.map(
                    (token) => html`<tr>
                      <th scope="row">${token.name} <span class="hint mono">${token.prefix}…</span></th>
                      <td>${token.scopes.join(", ")}</td>
                      <td>${token.expiresAt ? new Date(token.expiresAt).toLocaleDateString(t.locale) : t.t("never")}</td>
                      <td>${token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString(t.locale) : t.t("never")}</td>
                      <td class="controls"><button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.revoke(token)}>${t.t("sec.revoke")}</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <form @submit=${this.createToken}>
          <label for="token-name">${t.t("name")}</label>
          <input id="token-name" name="name" required maxlength="100" placeholder=${t.t("sec.token_placeholder")} />
          <fieldset>
            <legend>${t.t("sec.scopes")}</legend>
            <label><input type="checkbox" name="scopes" value="read" checked /> read</label>
            <label><input type="checkbox" name="scopes" value="write" checked /> write</label>
            <label><input type="checkbox" name="scopes" value="keys" /> ${t.t("sec.scope_keys")}</label>
            <label><input type="checkbox" name="scopes" value="keys:write" /> ${t.t("sec.scope_keys_write")}</label>
          </fieldset>
          <label for="token-days">${t.t("sec.days")}</label>
          <input id="token-days" name="expiresInDays" type="number" min="1" max="365" />
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("sec.create")}</button></div>
        </form>
      </section>
    `;
  }
}
customElements.define("cg-security", CgSecurity);
