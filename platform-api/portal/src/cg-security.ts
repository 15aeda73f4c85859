import { html, LitElement, nothing } from "lit";
import { type AccessToken, ApiError, api, type CreatedToken, describe, type User } from "./api.js";
import { portalStyles } from "./styles.js";

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

  constructor() {
    super();
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
      return "Two-factor sign-in is on. Keep your recovery codes somewhere safe.";
    });
  }

  private disable(event: SubmitEvent) {
    const code = this.codeOf(event);
    return this.act(async () => {
      await api("POST", "/me/mfa/totp/disable", { code, ...this.reauth() });
      this.recoveryCodes = null;
      this.changed();
      return "Two-factor sign-in is off.";
    });
  }

  private regenerate(event: SubmitEvent) {
    const code = this.codeOf(event);
    return this.act(async () => {
      this.recoveryCodes = (
        await api<{ recoveryCodes: string[] }>("POST", "/me/mfa/recovery-codes", { code, ...this.reauth() })
      ).recoveryCodes;
      return "New recovery codes; the old ones no longer work.";
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
      return "Token created. Copy it now: it will not be shown again.";
    });
  }

  private revoke(token: AccessToken) {
    if (!confirm(`Revoke the token “${token.name}”? Programs using it stop working at once.`)) return;
    return this.act(async () => {
      await api("DELETE", `/me/tokens/${token.id}`);
      if (this.created?.id === token.id) this.created = null;
      await this.loadTokens();
      return `Revoked “${token.name}”.`;
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
    if (this.needPassword) {
      return html`<form @submit=${this.confirmPassword}>
        <p>To change two-factor sign-in, confirm it is you.</p>
        <label for="reauth-password">Your password</label>
        <input id="reauth-password" name="password" type="password" autocomplete="current-password" required />
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>Confirm</button>
          <button type="button" @click=${() => {
            this.needPassword = false;
            this.pending = undefined;
            this.error = "";
          }}>Cancel</button>
        </div>
      </form>`;
    }
    if (this.recoveryCodes) {
      const text = `Codeground recovery codes for ${this.user.email}\n\n${this.recoveryCodes.join("\n")}\n`;
      return html`
        <p>Each code signs you in once if you lose your phone.</p>
        <ul class="mono" aria-label="Recovery codes">${this.recoveryCodes.map((c) => html`<li>${c}</li>`)}</ul>
        <div class="actions">
          <a href=${textFileUrl(text)} download="codeground-recovery-codes.txt">Download recovery codes</a>
          <button type="button" @click=${() => {
            this.recoveryCodes = null;
          }}>I saved them</button>
        </div>
      `;
    }
    if (this.setup) {
      const qr = `data:image/svg+xml;base64,${btoa(this.setup.qrSvg)}`;
      return html`
        <p>Scan this code with an authenticator app, then type the 6-digit code it shows.</p>
        <img src=${qr} width="200" height="200" alt="QR code for your authenticator app" />
        <p class="hint">Cannot scan? Enter this key by hand: <code data-testid="totp-secret">${this.setup.secret}</code></p>
        ${this.codeForm("enable-code", "Code from the app", "Turn on two-factor", (e) => this.enable(e))}
      `;
    }
    if (this.user.mfaEnabled) {
      return html`
        <p class="ok">Two-factor sign-in is on.</p>
        ${this.codeForm("regen-code", "Code to make new recovery codes", "New recovery codes", (e) => this.regenerate(e))}
        ${this.codeForm("disable-code", "Code to turn two-factor off", "Turn off two-factor", (e) => this.disable(e))}
      `;
    }
    return html`
      <p>Two-factor sign-in is off. With it on, logging in also needs a code from your phone.</p>
      <div class="actions"><button class="primary" type="button" ?disabled=${this.busy} @click=${this.startSetup}>Set up two-factor</button></div>
    `;
  }

  override render() {
    return html`
      <h1>Security</h1>
      <p class="error" role="alert">${this.error}</p>
      <p class="ok" role="status">${this.notice}</p>
      <section class="panel" aria-labelledby="mfa-title">
        <h2 id="mfa-title">Two-factor sign-in</h2>
        ${this.renderTwoFactor()}
      </section>
      <section class="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Personal access tokens</h2>
        <p class="hint">For the SDK and scripts: send one as <code>Authorization: Bearer …</code>.</p>
        ${
          this.created
            ? html`<p>New token “${this.created.name}”: <code data-testid="new-token">${this.created.token}</code></p>`
            : nothing
        }
        ${
          this.tokens === undefined
            ? html`<p role="status">Loading tokens…</p>`
            : this.tokens.length === 0
              ? html`<p>No tokens.</p>`
              : html`<table>
                <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
                <tbody>
                  ${this.tokens.map(
                    (t) => html`<tr>
                      <th scope="row">${t.name} <span class="hint mono">${t.prefix}…</span></th>
                      <td>${t.scopes.join(", ")}</td>
                      <td>${t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : "never"}</td>
                      <td>${t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
                      <td><button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.revoke(t)}>Revoke</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <form @submit=${this.createToken}>
          <label for="token-name">Name</label>
          <input id="token-name" name="name" required maxlength="100" placeholder="laptop" />
          <fieldset>
            <legend>Scopes</legend>
            <label><input type="checkbox" name="scopes" value="read" checked /> read</label>
            <label><input type="checkbox" name="scopes" value="write" checked /> write</label>
            <label><input type="checkbox" name="scopes" value="keys" /> keys (read and use the key vault; with write, change it)</label>
            <label><input type="checkbox" name="scopes" value="keys:write" /> keys:write (change the key vault and nothing else)</label>
          </fieldset>
          <label for="token-days">Expires after (days, optional)</label>
          <input id="token-days" name="expiresInDays" type="number" min="1" max="365" />
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Create token</button></div>
        </form>
      </section>
    `;
  }
}
customElements.define("cg-security", CgSecurity);
