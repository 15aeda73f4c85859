import type { Course, LtiCourseLink, LtiRosterSyncResult } from "@codeground/sdk";
import { html, LitElement, nothing, type PropertyValues } from "lit";
import { api, describe } from "./api.js";
import { isEditor } from "./course-roles.js";
import { portalStyles } from "./styles.js";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

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
      const parts = [
        `${plural(r.imported, "new learner", "new learners")} imported`,
        `${plural(r.updated, "learner", "learners")} brought up to date`,
        `${r.skipped} skipped of ${r.total} in the LMS`,
      ];
      const staff = r.staff
        ? ` ${plural(r.staff, "instructor or TA was", "instructors or TAs were")} not given a role: invite them by email to give them one.`
        : "";
      this.said = { text: `Roster synced: ${parts.join(", ")}.${staff}`, error: false };
      await this.load();
    } catch (err) {
      this.said = { text: describe(err), error: true };
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const link = this.link;
    if (!link?.linked) return nothing;
    const synced = link.contexts
      .map((c) => c.rosterSyncedAt)
      .filter(Boolean)
      .sort()
      .at(-1);
    return html`<section class="panel" aria-labelledby="lms-title">
      <h2 id="lms-title">Learning platform (LTI)</h2>
      <p>
        Linked to ${link.contexts.map(
          (c, i) => html`${i ? ", " : ""}<strong>${c.title ?? "an LMS course"}</strong> on ${c.issuer}`,
        )}.
        ${synced ? html`Roster last synced ${new Date(synced).toLocaleString()}.` : nothing}
      </p>
      ${
        isEditor(this.course.role)
          ? html`<p class="hint">Importing the roster adds the LMS course's learners to this course's learners and gradebook before they first launch.</p>
            <div class="actions">
              <button type="button" ?disabled=${this.busy} @click=${this.sync}>Sync roster from the LMS</button>
            </div>`
          : nothing
      }
      ${this.busy ? html`<p role="status">Syncing the roster…</p>` : nothing}
      <p class="ok" role="status">${this.said && !this.said.error ? this.said.text : ""}</p>
      <p class="error" role="alert">${this.said?.error ? this.said.text : ""}</p>
    </section>`;
  }
}
customElements.define("cg-course-lms", CgCourseLms);
