import type { NotificationSettings, User } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { html, LitElement, nothing } from "lit";
import { ApiError, api, describe } from "./api.js";
import { portalLocale } from "./locale.js";
import { type AccountKey, accountMessages } from "./locales/account/index.js";
import { portalStyles } from "./styles.js";

/** The switches, in the order the page lists them, each with its label's key. */
const SWITCHES = [
  "keyExpiring",
  "tutorBudget",
  "mfaDisabled",
  "tokenCreated",
  "newSignIn",
] as const satisfies readonly (keyof NotificationSettings)[];

/** The file name a download is saved under: the filename the API gave, else a dated one. */
function fileNameOf(response: Response): string {
  const given = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1];
  return given && /^[\w.-]+$/.test(given)
    ? given
    : `codeground-export-${new Date().toISOString().slice(0, 10)}.json`;
}

/**
 * The account beside its security: the email address (changed through a link sent to the new
 * one), the mail one can turn off, a download of everything kept, and deleting the account.
 *
 * @fires cg-account-changed - the account is gone: the portal shows the sign-in form
 */
export class CgAccount extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    user: { attribute: false },
    switches: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
    deleting: { state: true },
  };
  declare user: User;
  declare switches: NotificationSettings | undefined;
  declare error: string;
  declare notice: string;
  declare busy: boolean;
  /** The inline confirmation for deleting the account is open. */
  declare deleting: boolean;
  private i18n = new I18nController(this, accountMessages);

  constructor() {
    super();
    this.switches = undefined;
    this.error = "";
    this.notice = "";
    this.busy = false;
    this.deleting = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.loadSwitches();
  }

  private async loadSwitches() {
    try {
      this.switches = await api<NotificationSettings>("GET", "/me/notifications");
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
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private changeEmail(event: SubmitEvent) {
    event.preventDefault();
    const formEl = event.target as HTMLFormElement;
    const form = new FormData(formEl);
    const email = String(form.get("email") ?? "").trim();
    return this.act(async () => {
      await api("POST", "/me/email", { email, password: String(form.get("password") ?? "") });
      formEl.reset();
      return this.i18n.current.t("email.sent", { email });
    });
  }

  /** One switch, saved as it changes; on a refusal it goes back to what the API keeps. */
  private toggle(name: (typeof SWITCHES)[number], event: Event) {
    const on = (event.target as HTMLInputElement).checked;
    const t = this.i18n.current;
    return this.act(async () => {
      try {
        this.switches = await api<NotificationSettings>("PUT", "/me/notifications", { [name]: on });
      } catch (err) {
        await this.loadSwitches();
        throw err;
      }
      return t.t(on ? "mail.saved.on" : "mail.saved.off", { what: t.t(`mail.${name}` as AccountKey) });
    });
  }

  /** The export as a file: fetched here (the session cookie goes along), saved through a Blob link. */
  private download() {
    const t = this.i18n.current;
    return this.act(async () => {
      this.notice = t.t("data.busy");
      const response = await fetch("/api/v1/me/export", {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        // The API's error, in the words it gave.
        await api("GET", "/me/export");
      }
      const file = fileNameOf(response);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = file;
      this.renderRoot.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return t.t("data.done", { file });
    });
  }

  private openDelete() {
    this.deleting = true;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>("#delete-password")?.focus(),
    );
  }

  private closeDelete() {
    this.deleting = false;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>("#delete-start")?.focus(),
    );
  }

  /**
   * The account still owns courses where others teach: said in the reader's language, naming them
   * (the API lists them), with what to do first.
   */
  private refusedDeletion(err: unknown): never {
    if (err instanceof ApiError && err.code === "owns_courses") {
      const courses = (err.data as { courses?: { name: string }[] } | undefined)?.courses ?? [];
      const names = new Intl.ListFormat(this.i18n.current.locale, { type: "conjunction" }).format(
        courses.map((c) => `“${c.name}”`),
      );
      throw new Error(this.i18n.current.t("delete.owns", { courses: names }));
    }
    throw err;
  }

  private deleteAccount(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const code = String(form.get("code") ?? "").trim();
    return this.act(async () => {
      await api("DELETE", "/me", {
        password: String(form.get("password") ?? ""),
        ...(code ? { code } : {}),
      }).catch((err: unknown) => this.refusedDeletion(err));
      // The session went with the account: the portal finds no one signed in and shows the sign-in form.
      this.dispatchEvent(new CustomEvent("cg-account-changed", { bubbles: true, composed: true }));
      return this.i18n.current.t("delete.done");
    });
  }

  private renderSwitches() {
    const t = this.i18n.current;
    const switches = this.switches;
    if (!switches) return html`<p role="status">${t.t("mail.loading")}</p>`;
    return html`<fieldset>
      <legend class="visually-hidden">${t.t("mail.title")}</legend>
      ${SWITCHES.map(
        (name) => html`<label><input type="checkbox" name=${name} .checked=${switches[name]}
          ?disabled=${this.busy} @change=${(e: Event) => this.toggle(name, e)} /> ${t.t(`mail.${name}` as AccountKey)}</label>`,
      )}
    </fieldset>`;
  }

  private renderDelete() {
    const t = this.i18n.current;
    if (!this.deleting) {
      return html`<div class="actions"><button type="button" id="delete-start" class="danger"
        @click=${this.openDelete}>${t.t("delete.start")}</button></div>`;
    }
    return html`<form @submit=${this.deleteAccount} aria-describedby="delete-what"
      @keydown=${(e: KeyboardEvent) => e.key === "Escape" && this.closeDelete()}>
      <p id="delete-what">${t.t("delete.what")}</p>
      <label for="delete-password">${t.t("password")}</label>
      <input id="delete-password" name="password" type="password" autocomplete="current-password" required />
      ${
        this.user.mfaEnabled
          ? html`<label for="delete-code">${t.t("delete.code")}</label>
            <input id="delete-code" name="code" inputmode="text" autocomplete="one-time-code" required />`
          : nothing
      }
      <div class="actions">
        <button type="submit" class="danger" ?disabled=${this.busy}>${t.t("delete.yes")}</button>
        <button type="button" ?disabled=${this.busy} @click=${this.closeDelete}>${t.t("delete.no")}</button>
      </div>
    </form>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    return html`
      <h2 id="account-title">${t.t("settings.title")}</h2>
      <p class="error" role="alert">${this.error}</p>
      <p class="ok" role="status">${this.notice}</p>
      <section class="panel" aria-labelledby="email-title">
        <h3 id="email-title">${t.t("email.title")}</h3>
        <p>${t.t("email.current", { email: this.user.email })}</p>
        <form @submit=${this.changeEmail}>
          <label for="new-email">${t.t("email.new")}</label>
          <input id="new-email" name="email" type="email" autocomplete="email" required />
          <label for="email-password">${t.t("email.password")}</label>
          <input id="email-password" name="password" type="password" autocomplete="current-password" required />
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("email.submit")}</button></div>
        </form>
      </section>
      <section class="panel" aria-labelledby="mail-title">
        <h3 id="mail-title">${t.t("mail.title")}</h3>
        <p class="hint">${t.t("mail.hint")}</p>
        ${this.renderSwitches()}
      </section>
      <section class="panel" aria-labelledby="data-title">
        <h3 id="data-title">${t.t("data.title")}</h3>
        <p class="hint">${t.t("data.hint")}</p>
        <div class="actions"><button type="button" ?disabled=${this.busy} @click=${this.download}>${t.t("data.download")}</button></div>
      </section>
      <section class="panel" aria-labelledby="delete-title">
        <h3 id="delete-title">${t.t("delete.title")}</h3>
        <p class="hint">${t.t("delete.hint")}</p>
        ${this.renderDelete()}
      </section>
    `;
  }
}
customElements.define("cg-account", CgAccount);
