import type { AdminUser, AdminUserPage, Role, User } from "@codeground/sdk";
import { css, html, LitElement, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { api, describe } from "./api.js";
import { portalStyles } from "./styles.js";

const PAGE_SIZE = 50;
const ROLES: readonly { role: Role; label: string }[] = [
  { role: "learner", label: "Learner" },
  { role: "author", label: "Author" },
  { role: "admin", label: "Admin" },
];
const roleLabel = (role: Role) => ROLES.find((r) => r.role === role)?.label ?? role;

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

  constructor() {
    super();
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
    const article = /^[aeiou]/.test(role) ? "an" : "a";
    if (
      await this.change(
        target,
        { role },
        `${target.email} is now ${article} ${roleLabel(role).toLowerCase()}.`,
      )
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
    const said = disabled
      ? `Disabled ${target.email}: their sessions and access tokens have ended.`
      : `Enabled ${target.email}: they can sign in again.`;
    const done = await this.change(target, { disabled }, said);
    if (done) this.pending = null;
    void this.focusLater(done ? `#toggle-${target.id}` : `#confirm-${target.id}`);
  }

  private async focusLater(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private renderRole(u: AdminUser, self: boolean) {
    if (self) return html`${roleLabel(u.role)} <span class="hint">(you)</span>`;
    const chosen = this.drafts[u.id] ?? u.role;
    return html`<div class="actions row-actions">
      <label class="visually-hidden" for="role-${u.id}">Role of ${u.email}</label>
      <select id="role-${u.id}" .value=${live(chosen)} @change=${(e: Event) => this.draft(u, e)}>
        ${ROLES.map(({ role, label }) => html`<option value=${role} ?selected=${chosen === role}>${label}</option>`)}
      </select>
      <button type="button" ?disabled=${this.busy || chosen === u.role} @click=${() => this.saveRole(u)}>
        Save role<span class="visually-hidden"> of ${u.email}</span>
      </button>
    </div>`;
  }

  private renderActions(u: AdminUser, self: boolean) {
    if (self) return html`<span class="hint">Another admin can change your account.</span>`;
    const pending = this.pending?.id === u.id ? this.pending : null;
    if (pending) {
      const verb = pending.disabled ? "disable" : "enable";
      return html`<div class="actions row-actions" role="group" aria-label="Confirm: ${verb} ${u.email}">
        <span>${
          pending.disabled
            ? `Disable ${u.email}? They are signed out everywhere at once, and their access tokens stop working.`
            : `Enable ${u.email}? They can sign in again.`
        }</span>
        <button type="button" id="confirm-${u.id}" class=${pending.disabled ? "danger" : ""} ?disabled=${this.busy}
          @click=${() => this.confirm(u, pending.disabled)}>
          Yes, ${verb}<span class="visually-hidden"> ${u.email}</span>
        </button>
        <button type="button" ?disabled=${this.busy} @click=${() => this.cancel(u)}>
          ${pending.disabled ? "Keep enabled" : "Keep disabled"}<span class="visually-hidden"> ${u.email}</span>
        </button>
      </div>`;
    }
    const disabled = u.disabledAt !== null;
    return html`<div class="actions row-actions">
      <button type="button" id="toggle-${u.id}" class=${disabled ? "" : "danger"} ?disabled=${this.busy}
        @click=${() => this.ask(u)}>
        ${disabled ? "Enable" : "Disable"}<span class="visually-hidden"> ${u.email}</span>
      </button>
    </div>`;
  }

  private renderRow(u: AdminUser) {
    const self = u.id === this.user?.id;
    return html`<tr>
      <th scope="row">${u.email}${u.displayName ? html`<br /><span class="hint">${u.displayName}</span>` : nothing}</th>
      <td>${this.renderRole(u, self)}</td>
      <td>${
        u.disabledAt
          ? html`<span class="disabled">Disabled</span><br /><span class="hint">since <time datetime=${u.disabledAt}>${new Date(u.disabledAt).toLocaleString()}</time></span>`
          : "Active"
      }${u.mfaEnabled ? html`<br /><span class="hint">two-factor on</span>` : nothing}</td>
      <td>${this.renderActions(u, self)}</td>
    </tr>`;
  }

  override render() {
    if (this.user && this.user.role !== "admin") {
      return html`<h1>Users</h1><p>Only admins manage users.</p>`;
    }
    return html`
      <h1>Users</h1>
      <p class="hint">Every account on this Codeground. Disabling one signs it out everywhere at once and ends its access tokens; it cannot sign in until it is enabled again.</p>
      <form role="search" @submit=${this.search}>
        <label for="user-search">Search by email or name</label>
        <input id="user-search" name="q" type="search" maxlength="254" />
        <div class="actions"><button type="submit" ?disabled=${this.busy}>Search</button></div>
      </form>
      <p class="ok" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.error}</p>
      ${
        this.users === undefined
          ? html`<p role="status">Loading users…</p>`
          : this.users.length === 0
            ? html`<p>${this.query ? `No user matches “${this.query}”.` : "No users yet."}</p>`
            : html`<table>
              <caption class="visually-hidden">Users</caption>
              <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
              <tbody>${this.users.map((u) => this.renderRow(u))}</tbody>
            </table>`
      }
      ${
        this.next
          ? html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${() => this.load(true)}>More users</button></div>`
          : nothing
      }
    `;
  }
}
customElements.define("cg-admin", CgAdmin);
