import type { AdminUser, AdminUserPage, Role, User } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { api, describe } from "./api.js";
import { portalLocale } from "./locale.js";
import { manageMessages } from "./locales/manage/index.js";
import { portalStyles } from "./styles.js";
import { labelTableCells } from "./table-labels.js";

const PAGE_SIZE = 50;
const ROLES: readonly Role[] = ["learner", "author", "admin"];

/** A disable or enable waiting for its second click, in the user's row. */
interface Pending {
  id: string;
  disabled: boolean;
}

/**
 * The admins' users page: find accounts by email address or name, change a role, and disable an
 * account (its sessions and access tokens end at once) or enable it again, each asked once more
 * in the row itself. An admin's own row offers neither: the API refuses both.
 */
export class CgAdmin extends LitElement {
  static override styles = [
    portalStyles,
    css`
      form[role="search"] {
        display: flex;
        gap: 0.5rem;
        align-items: flex-end;
        flex-wrap: wrap;
      }
      form[role="search"] label {
        width: 100%;
        margin-bottom: 0;
      }
      form[role="search"] .actions {
        margin: 0;
      }
      select {
        min-width: 9rem;
      }
      .row-actions {
        margin: 0;
      }
      .disabled {
        color: var(--cg-bad);
        font-weight: 600;
      }
    `,
  ];
  static override properties = {
    user: { attribute: false },
    users: { state: true },
    next: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
    pending: { state: true },
    drafts: { state: true },
  };
  /** Who is signed in: their own row cannot be disabled or demoted. */
  declare user: User | null | undefined;
  declare users: AdminUser[] | undefined;
  /** The cursor for the next page; null on the last one. */
  declare next: string | null;
  declare error: string;
  declare notice: string;
  declare busy: boolean;
  declare pending: Pending | null;
  /**
   * Roles chosen but not saved yet, by user id: a role changes on its button, not on the select's
   * change (arrow keys on a select would otherwise send every role they pass).
   */
  declare drafts: Record<string, Role>;
  /** The search the list shows. */
  private query = "";
  private i18n = new I18nController(this, manageMessages);

  private roleLabel(role: Role) {
    return this.i18n.current.t(`admin.${role}`);
  }

  constructor() {
    super();
    labelTableCells(this);
    this.user = undefined;
    this.users = undefined;
    this.next = null;
    this.error = "";
    this.notice = "";
    this.busy = false;
    this.pending = null;
    this.drafts = {};
  }

  override connectedCallback() {
    super.connectedCallback();
    if (!this.user || this.user.role === "admin") void this.load(false);
  }

  private async load(more: boolean) {
    this.busy = true;
    try {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (this.query) params.set("q", this.query);
      if (more && this.next) params.set("cursor", this.next);
      const page = await api<AdminUserPage>("GET", `/admin/users?${params}`);
      this.users = more ? [...(this.users ?? []), ...page.items] : page.items;
      this.next = page.nextCursor;
      this.error = "";
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private search(event: SubmitEvent) {
    event.preventDefault();
    this.query = String(new FormData(event.target as HTMLFormElement).get("q") ?? "").trim();
    this.pending = null;
    this.notice = "";
    void this.load(false);
  }

  /** Sends the change; the row shows what the API answered, and the status line says it. */
  private async change(target: AdminUser, patch: { role?: Role; disabled?: boolean }, said: string) {
    this.busy = true;
    try {
      const updated = await api<AdminUser>("PATCH", `/admin/users/${encodeURIComponent(target.id)}`, patch);
      this.users = this.users?.map((u) => (u.id === updated.id ? updated : u));
      this.notice = said;
      this.error = "";
      return true;
    } catch (err) {
      this.error = describe(err);
      this.notice = "";
      return false;
    } finally {
      this.busy = false;
    }
  }

  private draft(target: AdminUser, event: Event) {
    const { [target.id]: _old, ...others } = this.drafts;
    const role = (event.target as HTMLSelectElement).value as Role;
    this.drafts = role === target.role ? others : { ...others, [target.id]: role };
  }

  private async saveRole(target: AdminUser) {
    const role = this.drafts[target.id];
    if (!role) return;
    if (
      await this.change(target, { role }, this.i18n.current.t(`admin.now.${role}`, { email: target.email }))
    ) {
      const { [target.id]: _saved, ...others } = this.drafts;
      this.drafts = others;
    }
    void this.focusLater(`#role-${target.id}`);
  }

  /** Opens the row's confirmation and puts the keyboard on its first button. */
  private ask(target: AdminUser) {
    this.pending = { id: target.id, disabled: target.disabledAt === null };
    this.notice = "";
    void this.focusLater(`#confirm-${target.id}`);
  }

  /** Closes the confirmation; the keyboard goes back to the row's button. */
  private cancel(target: AdminUser) {
    this.pending = null;
    void this.focusLater(`#toggle-${target.id}`);
  }

  private async confirm(target: AdminUser, disabled: boolean) {
    const said = this.i18n.current.t(disabled ? "admin.disabled_done" : "admin.enabled_done", {
      email: target.email,
    });
    const done = await this.change(target, { disabled }, said);
    if (done) this.pending = null;
    void this.focusLater(done ? `#toggle-${target.id}` : `#confirm-${target.id}`);
  }

  private async focusLater(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private renderRole(u: AdminUser, self: boolean) {
    const t = this.i18n.current;
    if (self) return html`${this.roleLabel(u.role)} <span class="hint">${t.t("admin.you")}</span>`;
    const chosen = this.drafts[u.id] ?? u.role;
    return html`<div class="actions row-actions">
      <label class="visually-hidden" for="role-${u.id}">${t.t("admin.role_of", { email: u.email })}</label>
      <select id="role-${u.id}" .value=${live(chosen)} @change=${(e: Event) => this.draft(u, e)}>
        ${ROLES.map((role) => html`<option value=${role} ?selected=${chosen === role}>${this.roleLabel(role)}</option>`)}
      </select>
      <button type="button" ?disabled=${this.busy || chosen === u.role} @click=${() => this.saveRole(u)}>
        ${t.t("admin.save_role")}<span class="visually-hidden">${t.t("of", { name: u.email })}</span>
      </button>
    </div>`;
  }

  private renderActions(u: AdminUser, self: boolean) {
    const t = this.i18n.current;
    if (self) return html`<span class="hint">${t.t("admin.other_admin")}</span>`;
    const pending = this.pending?.id === u.id ? this.pending : null;
    if (pending) {
      const email = { email: u.email };
      return html`<div class="actions row-actions" role="group" aria-label=${t.t(pending.disabled ? "admin.confirm_disable" : "admin.confirm_enable", email)}>
        <span>${t.t(pending.disabled ? "admin.ask_disable" : "admin.ask_enable", email)}</span>
        <button type="button" id="confirm-${u.id}" class=${pending.disabled ? "danger" : ""} ?disabled=${this.busy}
          @click=${() => this.confirm(u, pending.disabled)}>
          ${t.t(pending.disabled ? "admin.yes_disable" : "admin.yes_enable")}<span class="visually-hidden"> ${u.email}</span>
        </button>
        <button type="button" ?disabled=${this.busy} @click=${() => this.cancel(u)}>
          ${t.t(pending.disabled ? "admin.keep_enabled" : "admin.keep_disabled")}<span class="visually-hidden"> ${u.email}</span>
        </button>
      </div>`;
    }
    const disabled = u.disabledAt !== null;
    return html`<div class="actions row-actions">
      <button type="button" id="toggle-${u.id}" class=${disabled ? "" : "danger"} ?disabled=${this.busy}
        @click=${() => this.ask(u)}>
        ${t.t(disabled ? "admin.enable" : "admin.disable")}<span class="visually-hidden"> ${u.email}</span>
      </button>
    </div>`;
  }

  private renderRow(u: AdminUser) {
    const self = u.id === this.user?.id;
    const t = this.i18n.current;
    return html`<tr>
      <th scope="row">${u.email}${u.displayName ? html`<br /><span class="hint">${u.displayName}</span>` : nothing}</th>
      <td>${this.renderRole(u, self)}</td>
      <td>${
        u.disabledAt
          ? html`<span class="disabled">${t.t("admin.disabled")}</span><br /><span class="hint">${this.since(u.disabledAt)}</span>`
          : t.t("admin.active")
      }${u.mfaEnabled ? html`<br /><span class="hint">${t.t("admin.mfa")}</span>` : nothing}</td>
      <td class="controls">${this.renderActions(u, self)}</td>
    </tr>`;
  }

  /** "since <time>": when an account was disabled, the time written for the portal's language. */
  private since(at: string) {
    const [before, after] = this.i18n.current.t("admin.since").split("{when}");
    return html`${before}<time datetime=${at}>${new Date(at).toLocaleString(this.i18n.current.locale)}</time>${after}`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    if (this.user && this.user.role !== "admin") {
      return html`<h1>${t.t("admin.title")}</h1><p>${t.t("admin.only")}</p>`;
    }
    return html`
      <h1>${t.t("admin.title")}</h1>
      <p class="hint">${t.t("admin.hint")}</p>
      <form role="search" @submit=${this.search}>
        <label for="user-search">${t.t("admin.search")}</label>
        <input id="user-search" name="q" type="search" maxlength="254" />
        <div class="actions"><button type="submit" ?disabled=${this.busy}>${t.t("search")}</button></div>
      </form>
      <p class="ok" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.error}</p>
      ${
        this.users === undefined
          ? html`<p role="status">${t.t("admin.loading")}</p>`
          : this.users.length === 0
            ? html`<p>${this.query ? t.t("admin.no_match", { query: this.query }) : t.t("admin.empty")}</p>`
            : html`<table class="stack">
              <caption class="visually-hidden">${t.t("admin.title")}</caption>
              <thead><tr><th scope="col">${t.t("admin.user")}</th><th scope="col">${t.t("admin.role")}</th><th scope="col">${t.t("status")}</th><th scope="col">${t.t("actions")}</th></tr></thead>
              <tbody>${this.users.map((u) => this.renderRow(u))}</tbody>
            </table>`
      }
      ${
        this.next
          ? html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${() => this.load(true)}>${t.t("admin.more")}</button></div>`
          : nothing
      }
    `;
  }
}
customElements.define("cg-admin", CgAdmin);
