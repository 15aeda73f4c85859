import type { User } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { html, LitElement, nothing } from "lit";
import { ApiError, api, describe } from "./api.js";
import { followLink, navigate } from "./links.js";
import { portalLocale } from "./locale.js";
import { accountMessages } from "./locales/account/index.js";
import { portalStyles } from "./styles.js";

/**
 * The token of the emailed link that opened this page, taken out of the address bar at once so it
 * stays in no history entry, bookmark or screenshot; a reload asks for a new link instead.
 */
function takeToken(): string {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  if (location.search) history.replaceState(history.state, "", location.pathname);
  return token.trim();
}

/** The API refused the link itself: used, expired, or never issued (a malformed token too). */
const linkRefused = (err: unknown) =>
  err instanceof ApiError && (err.code === "link_invalid" || err.code === "validation_failed");

/** Asks the portal to read who is signed in again (a verified address, sessions ended). */
function accountChanged(from: HTMLElement) {
  from.dispatchEvent(new CustomEvent("cg-account-changed", { bubbles: true, composed: true }));
}

/**
 * `/verify-email?token=`: the link from a verification (or address-change) email. It posts the
 * token once, then says whether the address is verified, or offers a new link.
 *
 * @fires cg-account-changed - the address was verified: the portal drops its banner
 * @fires cg-navigate - Continue
 */
export class CgVerifyEmail extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    user: { attribute: false },
    state: { state: true },
    verified: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };
  /** Who is signed in on this browser, if anyone: a new link can be asked for only then. */
  declare user: User | null | undefined;
  /** `missing`: opened without a token (typed, or a link cut short). */
  declare state: "checking" | "verified" | "invalid" | "missing";
  declare verified: User | null;
  declare error: string;
  declare notice: string;
  declare busy: boolean;
  private i18n = new I18nController(this, accountMessages);

  constructor() {
    super();
    this.state = "checking";
    this.verified = null;
    this.error = "";
    this.notice = "";
    this.busy = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.verify(takeToken());
  }

  private async verify(token: string) {
    if (!token) {
      this.state = "missing";
      return;
    }
    try {
      this.verified = await api<User>("POST", "/auth/email/verify", { token });
      this.state = "verified";
      accountChanged(this);
    } catch (err) {
      this.state = "invalid";
      if (!linkRefused(err)) this.error = describe(err);
    }
  }

  private async sendAgain() {
    this.busy = true;
    this.error = "";
    this.notice = "";
    try {
      await api("POST", "/me/email/verification");
      this.notice = this.i18n.current.t("verify.again.sent", { email: this.user?.email ?? "" });
    } catch (err) {
      if (err instanceof ApiError && err.code === "already_verified") accountChanged(this);
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const next = html`<div class="actions">
      ${
        this.state !== "verified" && this.user
          ? html`<button type="button" ?disabled=${this.busy} @click=${this.sendAgain}>${t.t("verify.again")}</button>`
          : nothing
      }
      <button type="button" class=${this.state === "verified" ? "primary" : ""}
        @click=${() => navigate(this, "/", true)}>${this.user || this.state === "verified" ? t.t("continue") : t.t("back.login")}</button>
    </div>`;
    return html`<section class="panel" aria-labelledby="verify-title">
      <h1 id="verify-title">${t.t("verify.title")}</h1>
      ${
        this.state === "checking"
          ? html`<p role="status">${t.t("verify.busy")}</p>`
          : this.state === "verified"
            ? html`<p class="ok" role="status">${t.t("verify.done", { email: this.verified?.email ?? "" })}</p>${next}`
            : html`<p class="error" role="alert">${t.t(this.state === "missing" ? "verify.missing" : "verify.invalid")}</p>${next}`
      }
      <p class="error" role="alert">${this.error}</p>
      <p class="ok" role="status">${this.notice}</p>
    </section>`;
  }
}

/**
 * `/forgot-password`: asks for a reset link. The answer is the same whether or not the address has
 * an account, so the page cannot tell anyone which addresses do.
 */
export class CgForgotPassword extends LitElement {
  static override styles = portalStyles;
  static override properties = { sentTo: { state: true }, error: { state: true }, busy: { state: true } };
  declare sentTo: string;
  declare error: string;
  declare busy: boolean;
  private i18n = new I18nController(this, accountMessages);

  constructor() {
    super();
    this.sentTo = "";
    this.error = "";
    this.busy = false;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get("email") ?? "").trim();
    this.busy = true;
    this.error = "";
    try {
      await api("POST", "/auth/password/forgot", { email });
      this.sentTo = email;
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const back = html`<a href="/" @click=${(e: MouseEvent) => followLink(e, this, "/")}>${t.t("back.login")}</a>`;
    return html`<section class="panel" aria-labelledby="forgot-title">
      <h1 id="forgot-title">${t.t("forgot.title")}</h1>
      ${
        this.sentTo
          ? html`<p class="ok" role="status">${t.t("forgot.sent", { email: this.sentTo })}</p><p>${back}</p>`
          : html`<p>${t.t("forgot.intro")}</p>
            <form @submit=${this.submit} novalidate>
              <label for="forgot-email">${t.t("email")}</label>
              <input id="forgot-email" name="email" type="email" autocomplete="email" required />
              <p class="error" role="alert">${this.error}</p>
              <div class="actions">
                <button class="primary" type="submit" ?disabled=${this.busy}>${t.t("forgot.send")}</button>
              </div>
            </form>
            <p>${back}</p>`
      }
    </section>`;
  }
}

/**
 * `/reset-password?token=`: a new password, typed twice. With two-factor on, the API asks for a
 * code too (`second_factor_required`): the field appears, and the same password is sent again
 * with it. Once changed, every session has ended, this browser's included.
 *
 * @fires cg-account-changed - the password changed: the portal finds it is signed out
 * @fires cg-navigate - to log in
 */
export class CgResetPassword extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    needCode: { state: true },
    state: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare needCode: boolean;
  declare state: "form" | "done" | "invalid";
  declare error: string;
  declare busy: boolean;
  private token = "";
  private i18n = new I18nController(this, accountMessages);

  constructor() {
    super();
    this.needCode = false;
    this.state = "form";
    this.error = "";
    this.busy = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.token = takeToken();
    if (!this.token) this.state = "invalid";
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const password = String(form.get("password") ?? "");
    const code = String(form.get("code") ?? "").trim();
    this.error = "";
    if (password !== String(form.get("repeat") ?? "")) {
      this.error = this.i18n.current.t("reset.mismatch");
      return;
    }
    this.busy = true;
    try {
      await api("POST", "/auth/password/reset", {
        token: this.token,
        password,
        ...(this.needCode && code ? { code } : {}),
      });
      this.token = "";
      this.state = "done";
      accountChanged(this);
    } catch (err) {
      if (err instanceof ApiError && err.code === "second_factor_required" && !this.needCode) {
        this.needCode = true;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>("#reset-code")?.focus();
      } else if (err instanceof ApiError && err.code === "link_invalid") {
        this.token = "";
        this.state = "invalid";
      } else {
        this.error = describe(err);
      }
    } finally {
      this.busy = false;
    }
  }

  private renderForm() {
    const t = this.i18n.current;
    return html`<form @submit=${this.submit} novalidate>
      <label for="reset-password">${t.t("reset.new")}</label>
      <input id="reset-password" name="password" type="password" autocomplete="new-password" required
        minlength="10" aria-describedby="reset-hint" />
      <p class="hint" id="reset-hint">${t.t("reset.hint")}</p>
      <label for="reset-repeat">${t.t("reset.repeat")}</label>
      <input id="reset-repeat" name="repeat" type="password" autocomplete="new-password" required />
      ${
        this.needCode
          ? html`<p id="reset-code-why">${t.t("reset.code.why")}</p>
            <label for="reset-code">${t.t("reset.code")}</label>
            <input id="reset-code" name="code" inputmode="text" autocomplete="one-time-code" required
              aria-describedby="reset-code-why" />`
          : nothing
      }
      <p class="error" role="alert">${this.error}</p>
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${t.t("reset.submit")}</button>
      </div>
    </form>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    return html`<section class="panel" aria-labelledby="reset-title">
      <h1 id="reset-title">${t.t("reset.title")}</h1>
      ${
        this.state === "form"
          ? this.renderForm()
          : this.state === "done"
            ? html`<p class="ok" role="status">${t.t("reset.done")}</p>
              <div class="actions"><button type="button" class="primary"
                @click=${() => navigate(this, "/", true)}>${t.t("back.login")}</button></div>`
            : html`<p class="error" role="alert">${t.t("reset.invalid")}</p>
              <div class="actions"><button type="button" class="primary"
                @click=${() => navigate(this, "/forgot-password", true)}>${t.t("reset.again")}</button></div>`
      }
    </section>`;
  }
}

customElements.define("cg-verify-email", CgVerifyEmail);
customElements.define("cg-forgot-password", CgForgotPassword);
customElements.define("cg-reset-password", CgResetPassword);
