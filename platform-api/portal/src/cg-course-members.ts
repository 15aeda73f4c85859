import type { Course, CourseMember, CourseRole, User } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { api, describe } from "./api.js";
import { isStaff, ROLE_ORDER, roleKey } from "./course-roles.js";
import { inlineConfirm } from "./inline-confirm.js";
import { portalLocale } from "./locale.js";
import { formatLocale } from "./locale-format.js";
import { courseMessages } from "./locales/courses/course/index.js";
import { portalStyles } from "./styles.js";

/** The roles the owner can give, in the order the select lists them; `owner` hands the course over. */
const ASSIGNABLE: readonly CourseRole[] = ["instructor", "ta", "learner", "owner"];

/** A removal or a hand-over waiting for its second click, in the member's row. */
interface Pending {
  userId: string;
  kind: "remove" | "handover";
}

/**
 * A course's members: staff see everyone, with when they joined; a learner sees the staff. The
 * owner changes a role (a Save button per row, so arrow keys on the select send nothing) and
 * removes a member, each asked once more in the row; making someone the owner hands the course
 * over (the owner becomes an instructor).
 *
 * @fires cg-course-changed - after a hand-over: the viewer's own role changed
 */
export class CgCourseMembers extends LitElement {
  static override styles = [
    portalStyles,
    css`
      h2 {
        margin-top: 0;
      }
      select {
        min-width: 9rem;
      }
      .row-actions,
      .confirm {
        margin: 0;
      }
      :host {
        display: block;
        container-type: inline-size;
      }
      td,
      th {
        overflow-wrap: anywhere;
        vertical-align: middle;
      }
      /*
       * Narrow screens: each member is a block of lines instead of a row of cells. The explicit
       * table roles keep it a table for assistive technology whatever the display says.
       */
      @container (max-width: 36rem) {
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
        }
        tr,
        th,
        td {
          display: block;
        }
        tr {
          padding: 0.5rem 0;
          border-bottom: 1px solid var(--cg-border);
        }
        th,
        td {
          border: 0;
          padding: 0.15rem 0;
        }
        td[data-label]::before {
          content: attr(data-label) ": ";
          color: var(--cg-muted);
        }
        td.controls::before {
          content: none;
        }
      }
    `,
  ];
  static override properties = {
    course: { attribute: false },
    user: { attribute: false },
    members: { state: true },
    drafts: { state: true },
    pending: { state: true },
    busy: { state: true },
    notice: { state: true },
    error: { state: true },
  };
  declare course: Course;
  /** Who is looking: their own row says so and offers no change. */
  declare user: User | null | undefined;
  declare members: CourseMember[] | undefined;
  /** Roles chosen but not saved yet, by user id. */
  declare drafts: Record<string, CourseRole>;
  declare pending: Pending | null;
  declare busy: boolean;
  declare notice: string;
  declare error: string;
  private i18n = new I18nController(this, courseMessages);

  constructor() {
    super();
    this.members = undefined;
    this.drafts = {};
    this.pending = null;
    this.busy = false;
    this.notice = "";
    this.error = "";
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  /** Reloads the list (the page asks after its own changes, a hand-over among them). */
  async load() {
    try {
      const members = await api<CourseMember[]>("GET", this.path);
      // Staff first, then learners; each group in the order they joined (the API's order).
      const rank = (m: CourseMember) => ROLE_ORDER.indexOf(m.role);
      this.members = members
        .map((m, i) => ({ m, i }))
        .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
        .map(({ m }) => m);
      this.error = "";
    } catch (err) {
      this.error = describe(err);
    }
  }

  private get path() {
    return `/courses/${encodeURIComponent(this.course.id)}/members`;
  }

  private async run(what: () => Promise<string>, focusAfter: (ok: boolean) => string) {
    this.busy = true;
    let ok = false;
    try {
      this.notice = await what();
      this.error = "";
      ok = true;
    } catch (err) {
      this.error = describe(err);
      this.notice = "";
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(focusAfter(ok))?.focus();
  }

  private draft(member: CourseMember, event: Event) {
    const { [member.userId]: _old, ...others } = this.drafts;
    const role = (event.target as HTMLSelectElement).value as CourseRole;
    this.drafts = role === member.role ? others : { ...others, [member.userId]: role };
  }

  private forget(member: CourseMember) {
    const { [member.userId]: _saved, ...others } = this.drafts;
    this.drafts = others;
  }

  private save(member: CourseMember) {
    const role = this.drafts[member.userId];
    if (!role) return;
    if (role === "owner") {
      this.ask(member, "handover");
      return;
    }
    return this.run(
      async () => {
        const updated = await api<CourseMember>("PATCH", `${this.path}/${member.userId}`, { role });
        this.members = this.members?.map((m) => (m.userId === updated.userId ? updated : m));
        this.forget(member);
        return this.i18n.current.t(`members.now.${role}`, { email: member.email });
      },
      () => `#role-${member.userId}`,
    );
  }

  private ask(member: CourseMember, kind: Pending["kind"]) {
    this.pending = { userId: member.userId, kind };
    this.notice = "";
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#confirm-${member.userId}`)?.focus(),
    );
  }

  private cancel(member: CourseMember, kind: Pending["kind"]) {
    this.pending = null;
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLElement>(kind === "remove" ? `#remove-${member.userId}` : `#save-${member.userId}`)
        ?.focus(),
    );
  }

  private removeMember(member: CourseMember) {
    return this.run(
      async () => {
        await api("DELETE", `${this.path}/${member.userId}`);
        this.pending = null;
        this.members = this.members?.filter((m) => m.userId !== member.userId);
        return this.i18n.current.t("members.removed", { email: member.email });
      },
      (ok) => (ok ? "#members-title" : `#confirm-${member.userId}`),
    );
  }

  private handOver(member: CourseMember) {
    return this.run(
      async () => {
        await api<CourseMember>("PATCH", `${this.path}/${member.userId}`, { role: "owner" });
        this.pending = null;
        this.forget(member);
        this.dispatchEvent(new CustomEvent("cg-course-changed", { bubbles: true, composed: true }));
        await this.load();
        return this.i18n.current.t("members.handedOver", { email: member.email });
      },
      (ok) => (ok ? "#members-title" : `#confirm-${member.userId}`),
    );
  }

  private renderRole(member: CourseMember, self: boolean) {
    const t = this.i18n.current;
    const email = member.email;
    if (this.course.role !== "owner" || self)
      return html`${t.t(roleKey(member.role))}${self ? html` <span class="hint">${t.t("members.you")}</span>` : nothing}`;
    const chosen = this.drafts[member.userId] ?? member.role;
    return html`<div class="actions row-actions">
      <label class="visually-hidden" for="role-${member.userId}">${t.t("members.roleOf", { email })}</label>
      <select id="role-${member.userId}" .value=${live(chosen)} @change=${(e: Event) => this.draft(member, e)}>
        ${ASSIGNABLE.map(
          (role) =>
            html`<option value=${role} ?selected=${chosen === role}>${t.t(role === "owner" ? "members.handover" : roleKey(role))}</option>`,
        )}
      </select>
      <button type="button" id="save-${member.userId}" ?disabled=${this.busy || chosen === member.role}
        @click=${() => this.save(member)}>${t.t("members.save")}<span class="visually-hidden"> ${t.t("members.save.of", { email })}</span></button>
    </div>`;
  }

  private renderActions(member: CourseMember, self: boolean) {
    const pending = this.pending?.userId === member.userId ? this.pending : null;
    const t = this.i18n.current;
    const email = member.email;
    if (pending?.kind === "handover") {
      return inlineConfirm({
        label: t.t("members.handover.label", { email }),
        text: t.t("members.handover.text", { email }),
        yes: t.t("members.handover.yes"),
        no: t.t("members.handover.no"),
        yesId: `confirm-${member.userId}`,
        busy: this.busy,
        onYes: () => void this.handOver(member),
        onNo: () => this.cancel(member, "handover"),
      });
    }
    if (pending?.kind === "remove") {
      return inlineConfirm({
        label: t.t("members.remove.label", { email }),
        text: t.t("members.remove.text", { email }),
        yes: t.t("members.remove.yes"),
        no: t.t("members.remove.no"),
        yesId: `confirm-${member.userId}`,
        busy: this.busy,
        onYes: () => void this.removeMember(member),
        onNo: () => this.cancel(member, "remove"),
      });
    }
    if (self || member.role === "owner") return nothing;
    return html`<button type="button" id="remove-${member.userId}" class="danger" ?disabled=${this.busy}
      @click=${() => this.ask(member, "remove")}>${t.t("members.remove")}<span class="visually-hidden"> ${email}</span></button>`;
  }

  private renderRow(member: CourseMember, staff: boolean, owner: boolean) {
    const self = member.userId === this.user?.id;
    const who = html`${member.displayName ?? member.email}${
      member.displayName ? html`<br /><span class="hint">${member.email}</span>` : nothing
    }`;
    const actions = owner ? this.renderActions(member, self) : nothing;
    const t = this.i18n.current;
    const joined = new Date(member.joinedAt).toLocaleDateString(formatLocale(t.locale));
    return html`<tr role="row">
      <th scope="row" role="rowheader">${who}</th>
      <td role="cell" data-label=${t.t("members.col.role")}>${this.renderRole(member, self)}</td>
      ${staff ? html`<td role="cell" data-label=${t.t("members.col.joined")}><time datetime=${member.joinedAt}>${joined}</time></td>` : nothing}
      ${owner ? html`<td role="cell" class="controls">${actions}</td>` : nothing}
    </tr>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const staff = isStaff(this.course.role);
    const owner = this.course.role === "owner";
    const course = this.course.name;
    return html`
      <h2 id="members-title" tabindex="-1">${t.t(staff ? "members.title" : "members.title.staff")}</h2>
      ${staff ? nothing : html`<p class="hint">${t.t("members.staffOnly")}</p>`}
      <p class="ok" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.error}</p>
      ${
        this.members === undefined
          ? html`<p role="status">${this.error ? "" : t.t("members.loading")}</p>`
          : html`<table role="table">
            <caption class="visually-hidden">${t.t(staff ? "members.caption" : "members.caption.staff", { course })}</caption>
            <thead role="rowgroup"><tr role="row">
              <th scope="col" role="columnheader">${t.t(staff ? "members.col.member" : "members.col.name")}</th>
              <th scope="col" role="columnheader">${t.t("members.col.role")}</th>
              ${staff ? html`<th scope="col" role="columnheader">${t.t("members.col.joined")}</th>` : nothing}
              ${owner ? html`<th scope="col" role="columnheader">${t.t("members.col.actions")}</th>` : nothing}
            </tr></thead>
            <tbody role="rowgroup">${this.members.map((m) => this.renderRow(m, staff, owner))}</tbody>
          </table>`
      }
    `;
  }
}
customElements.define("cg-course-members", CgCourseMembers);
