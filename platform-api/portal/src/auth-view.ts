import { I18nController } from "@codeground/widget/i18n";
import { html, LitElement } from "lit";
import { api, describe, type User } from "./api.js";
import { followLink } from "./links.js";
import { portalLocale } from "./locale.js";
import { shellMessages } from "./locales/shell/index.js";
import { portalStyles } from "./styles.js";

type Step = "login" | "signup" | "mfa";

/**
 * Sign-up, login and the second factor: tells the portal who signed in (`cg-signed-in`). Sign-up
 * signs no one in: the API answers the same for a new address and a known one, so the form says
 * a link was sent and offers the login form, the address filled in.
 */
export class CgAuth extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    step: { state: true },
    error: { state: true },
    busy: { state: true },
    sentTo: { state: true },
  };
  declare step: Step;
  declare error: string;
  declare busy: boolean;
  /** The address a sign-up's verification link went to: said above the login form, and filled in. */
  declare sentTo: string;
  private mfaToken = "";
  private i18n = new I18nController(this, shellMessages);

  constructor() {
    super();
    this.step = "login";
    this.error = "";
    this.busy = false;
    this.sentTo = "";
  }

  private signedIn(user: User) {
    this.dispatchEvent(new CustomEvent("cg-signed-in", { detail: user, bubbles: true, composed: true }));
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? "");
    this.busy = true;
    this.error = "";
    try {
      if (this.step === "signup") {
        const name = field("displayName").trim();
        const email = field("email").trim();
        await api("POST", "/auth/signup", {
          email,
          password: field("password"),
          ...(name ? { displayName: name } : {}),
          // The account's mail speaks the language the portal speaks now.
          locale: portalLocale(),
        });
        this.sentTo = email;
        this.step = "login";
      } else if (this.step === "login") {
        const result = await api<{ mfaRequired: boolean; mfaToken?: string; user?: User }>(
          "POST",
          "/auth/login",
          { email: field("email"), password: field("password") },
        );
        if (result.mfaRequired && result.mfaToken) {
          this.mfaToken = result.mfaToken;
          this.step = "mfa";
        } else if (result.user) {
          this.signedIn(result.user);
        }
      } else {
        const result = await api<{ user: User }>("POST", "/auth/login/mfa", {
          mfaToken: this.mfaToken,
          code: field("code"),
        });
        this.signedIn(result.user);
      }
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private switchTo(step: Step) {
    this.step = step;
    this.error = "";
    this.sentTo = "";
  }

  override updated() {
    // After a step changes, the first empty field takes the focus (keyboard users land where they type).
    const fields = [...this.renderRoot.querySelectorAll<HTMLInputElement>("input")];
    const first = fields.find((f) => !f.value) ?? fields[0];
    if (first && !(this.renderRoot as ShadowRoot).activeElement) first.focus();
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const title = t.t(
      ({ login: "auth.login", signup: "auth.signup.title", mfa: "auth.mfa.title" } as const)[this.step],
    );
    return html`
      <section class="panel" aria-labelledby="auth-title">
        <h1 id="auth-title">${title}</h1>
        ${this.sentTo ? html`<p class="ok" role="status">${t.t("auth.check_inbox", { email: this.sentTo })}</p>` : ""}
        <form @submit=${this.submit} novalidate>
          ${
            this.step === "mfa"
              ? html`
                <label for="code">${t.t("auth.code")}</label>
                <input id="code" name="code" inputmode="text" autocomplete="one-time-code" required />
              `
              : html`
                ${
                  this.step === "signup"
                    ? html`<label for="displayName">${t.t("auth.name")}</label>
                      <input id="displayName" name="displayName" autocomplete="name" />`
                    : ""
                }
                <label for="email">${t.t("auth.email")}</label>
                <input id="email" name="email" type="email" autocomplete="email" required .value=${this.sentTo} />
                <label for="password">${t.t("auth.password")}</label>
                <input
                  id="password"
                  name="password"
                  type="password"
                  autocomplete=${this.step === "signup" ? "new-password" : "current-password"}
                  required
                  aria-describedby=${this.step === "signup" ? "password-hint" : ""}
                />
                ${this.step === "signup" ? html`<p class="hint" id="password-hint">${t.t("auth.password.hint")}</p>` : ""}
              `
          }
          <p class="error" role="alert">${this.error}</p>
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>
              ${t.t(({ login: "auth.login", signup: "auth.signup", mfa: "auth.verify" } as const)[this.step])}
            </button>
            ${
              this.step === "login"
                ? html`<button type="button" @click=${() => this.switchTo("signup")}>${t.t("auth.need_account")}</button>`
                : html`<button type="button" @click=${() => this.switchTo("login")}>${t.t("auth.back")}</button>`
            }
          </div>
        </form>
        ${
          this.step === "login"
            ? html`<p><a href="/forgot-password" @click=${(e: MouseEvent) => followLink(e, this, "/forgot-password")}>${t.t("auth.forgot")}</a></p>`
            : ""
        }
      </section>
    `;
  }
}
customElements.define("cg-auth", CgAuth);
