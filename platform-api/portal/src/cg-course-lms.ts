import type { Course, LtiCourseLink, LtiRosterSyncResult } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { html, LitElement, nothing, type PropertyValues } from "lit";
import { api, describe } from "./api.js";
import { isEditor } from "./course-roles.js";
import { portalLocale } from "./locale.js";
import { formatLocale } from "./locale-format.js";
import { courseMessages } from "./locales/courses/course/index.js";
import { fill } from "./message-markup.js";
import { portalStyles } from "./styles.js";

/**
 * A course's link to a learning platform (LTI), shown to its staff when there is one: the LMS
 * course(s) it is linked to, and for the owner and instructors a button that imports the LMS
 * roster (Names and Role Provisioning) into the course's learners.
 */
export class CgCourseLms extends LitElement {
  static override styles = portalStyles;
  static override properties = {
    course: { attribute: false },
    link: { state: true },
    busy: { state: true },
    said: { state: true },
  };
  declare course: Course;
  declare link: LtiCourseLink | undefined;
  declare busy: boolean;
  declare said: { text: string; error: boolean } | null;
  private i18n = new I18nController(this, courseMessages);

  constructor() {
    super();
    this.link = undefined;
    this.busy = false;
    this.said = null;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("course") && this.course && changed.get("course")?.id !== this.course.id) {
      this.link = undefined;
      this.said = null;
      void this.load();
    }
  }

  private get path() {
    return `/courses/${encodeURIComponent(this.course.id)}/lti`;
  }

  private async load() {
    try {
      this.link = await api<LtiCourseLink>("GET", this.path);
    } catch {
      // Not linked, as far as this page can tell: the section stays hidden.
      this.link = { linked: false, contexts: [] };
    }
  }

  private async sync() {
    this.busy = true;
    this.said = null;
    try {
      const r = await api<LtiRosterSyncResult>("POST", `${this.path}/roster-sync`);
      const t = this.i18n.current;
      const synced = t.t("lms.synced", {
        imported: t.t("lms.imported", { count: String(r.imported) }),
        updated: t.t("lms.updated", { count: String(r.updated) }),
        skipped: t.t("lms.skipped", { skipped: String(r.skipped), total: String(r.total) }),
      });
      const staff = r.staff ? t.t("lms.staff", { count: String(r.staff) }) : "";
      this.said = { text: staff ? `${synced} ${staff}` : synced, error: false };
      await this.load();
    } catch (err) {
      this.said = { text: describe(err), error: true };
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const link = this.link;
    if (!link?.linked) return nothing;
    const synced = link.contexts
      .map((c) => c.rosterSyncedAt)
      .filter(Boolean)
      .sort()
      .at(-1);
    return html`<section class="panel" aria-labelledby="lms-title">
      <h2 id="lms-title">${t.t("lms.title")}</h2>
      <p>
        ${fill(t.t("lms.linked"), {
          contexts: link.contexts.map(
            (c, i) =>
              html`${i ? ", " : ""}${fill(t.t("lms.context", { issuer: c.issuer }), {
                title: html`<strong>${c.title ?? t.t("lms.context.untitled")}</strong>`,
              })}`,
          ),
        })}
        ${synced ? t.t("lms.lastSynced", { date: new Date(synced).toLocaleString(formatLocale(t.locale)) }) : nothing}
      </p>
      ${
        isEditor(this.course.role)
          ? html`<p class="hint">${t.t("lms.hint")}</p>
            <div class="actions">
              <button type="button" ?disabled=${this.busy} @click=${this.sync}>${t.t("lms.sync")}</button>
            </div>`
          : nothing
      }
      ${this.busy ? html`<p role="status">${t.t("lms.syncing")}</p>` : nothing}
      <p class="ok" role="status">${this.said && !this.said.error ? this.said.text : ""}</p>
      <p class="error" role="alert">${this.said?.error ? this.said.text : ""}</p>
    </section>`;
  }
}
customElements.define("cg-course-lms", CgCourseLms);
