import type { Course, CreatedInvitation, InvitedRole } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing } from "lit";
import { api, describe } from "./api.js";
import { copyText } from "./clipboard.js";
import { roleKey } from "./course-roles.js";
import { portalLocale } from "./locale.js";
import { formatLocale } from "./locale-format.js";
import { courseMessages } from "./locales/courses/course/index.js";
import { portalStyles } from "./styles.js";

/**
 * Invites staff to a course by email address: the owner invites instructors and TAs, an
 * instructor TAs. The answer is a single-use link for that address, shown here once (it is stored
 * only hashed) for the inviter to send; it lives in this element's memory until dismissed.
 */
export class CgCourseInvite extends LitElement {
  static override styles = [
    portalStyles,
    css`
      h2 {
        margin-top: 0;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0 1rem;
        align-items: flex-start;
      }
      form > div {
        flex: 1 1 16rem;
      }
      form > div.role {
        flex: 0 1 12rem;
      }
      form input,
      form select {
        width: 100%;
        min-width: 0;
      }
      form .actions,
      form .error {
        flex-basis: 100%;
      }
      .once {
        border: 2px solid var(--cg-accent);
      }
      .once h3 {
        margin-top: 0;
        font-size: 1.05rem;
      }
      .once code {
        display: block;
        word-break: break-all;
        padding: 0.5rem;
        background: var(--cg-panel);
        border-radius: var(--cg-radius);
      }
    `,
  ];
  static override properties = {
    course: { attribute: false },
    shown: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };
  declare course: Course;
  /** The invitation just made: its link is on screen until dismissed, never again. */
  declare shown: CreatedInvitation | null;
  declare error: string;
  declare notice: string;
  declare busy: boolean;
  private i18n = new I18nController(this, courseMessages);

  constructor() {
    super();
    this.shown = null;
    this.error = "";
    this.notice = "";
    this.busy = false;
  }

  /** The roles this viewer may invite to: only the owner invites instructors. */
  private get roles(): InvitedRole[] {
    return this.course.role === "owner" ? ["instructor", "ta"] : ["ta"];
  }

  private async invite(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = "";
    this.notice = "";
    try {
      this.shown = await api<CreatedInvitation>(
        "POST",
        `/courses/${encodeURIComponent(this.course.id)}/invitations`,
        { email: String(data.get("email") ?? "").trim(), role: String(data.get("role") ?? "ta") },
      );
      form.reset();
      await this.updateComplete;
      const heading = this.renderRoot.querySelector<HTMLElement>("#invitation-title");
      heading?.focus();
      heading?.scrollIntoView({ block: "nearest" });
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  private async dismiss() {
    this.shown = null;
    this.notice = "";
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#invite-email")?.focus();
  }

  private renderShown() {
    const shown = this.shown;
    if (!shown) return nothing;
    const t = this.i18n.current;
    const until = new Date(shown.expiresAt).toLocaleString(formatLocale(t.locale));
    const email = shown.email;
    return html`<section class="panel once" aria-labelledby="invitation-title">
      <h3 id="invitation-title" tabindex="-1">${t.t("invite.shown.title", { email })}</h3>
      <p>${t.t(`invite.shown.${shown.role}`, { email, until })}</p>
      <code data-testid="invitation-link">${shown.url}</code>
      <p class="ok" role="status">${this.notice}</p>
      <div class="actions">
        <button type="button" @click=${async () => {
          this.notice = await copyText(shown.url, t.t("invite.what"));
        }}>${t.t("invite.copy")}</button>
        <button type="button" @click=${this.dismiss}>${t.t("invite.sent")}</button>
      </div>
    </section>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const roles = this.roles;
    return html`
      <h2 id="invite-title">${t.t("invite.title")}</h2>
      <p class="hint" id="invite-hint">${t.t(roles.length > 1 ? "invite.hint.owner" : "invite.hint.instructor")}</p>
      <form @submit=${this.invite} aria-describedby="invite-hint invite-error">
        <div>
          <label for="invite-email">${t.t("invite.email")}</label>
          <input id="invite-email" name="email" type="email" required maxlength="254" autocomplete="off" />
        </div>
        <div class="role">
          <label for="invite-role">${t.t("invite.role")}</label>
          <select id="invite-role" name="role">
            ${roles.map((role) => html`<option value=${role}>${t.t(roleKey(role))}</option>`)}
          </select>
        </div>
        <p class="error" role="alert" id="invite-error">${this.error}</p>
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("invite.submit")}</button></div>
      </form>
      ${this.renderShown()}
    `;
  }
}
customElements.define("cg-course-invite", CgCourseInvite);
