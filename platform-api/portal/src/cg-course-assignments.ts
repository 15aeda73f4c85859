import type { Course, LearnerAssignment } from "@codeground/sdk";
import { I18nController, type Translator } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { api, describe } from "./api.js";
import { formatTime } from "./assignment-times.js";
import { isEditor, isStaff } from "./course-roles.js";
import { followLink } from "./links.js";
import { portalLocale } from "./locale.js";
import { formatLocale } from "./locale-format.js";
import { type CourseKey, courseMessages } from "./locales/courses/course/index.js";
import { fill } from "./message-markup.js";
import { portalStyles } from "./styles.js";
import { labelTableCells } from "./table-labels.js";

/** "3 problems, 30 points" (counts as the API gives them, ungrouped). */
function sizeOf(t: Translator<CourseKey>, assignment: LearnerAssignment) {
  const points = assignment.problems.reduce((sum, p) => sum + p.points, 0);
  const n = assignment.problems.length;
  return t.t("size", {
    problems: t.t("size.problems", { count: String(n) }),
    points: t.t("size.points", { count: String(points) }),
  });
}

/**
 * A course's assignments, in their order: what each holds, when it opens and is due, whether it is
 * timed and what the tutor does. Staff open each one (the owner and instructors to change it, a TA
 * to read it); the owner and instructors add new ones. Learners see the ones that have opened.
 */
export class CgCourseAssignments extends LitElement {
  static override styles = [
    portalStyles,
    css`
      h2 {
        margin-top: 0;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: start;
        padding: 0.4rem 0.6rem;
        border-bottom: 1px solid var(--cg-border);
        vertical-align: top;
      }
    `,
  ];
  static override properties = {
    course: { attribute: false },
    assignments: { state: true },
    error: { state: true },
  };
  declare course: Course;
  declare assignments: LearnerAssignment[] | undefined;
  declare error: string;
  private i18n = new I18nController(this, courseMessages);

  constructor() {
    super();
    labelTableCells(this);
    this.assignments = undefined;
    this.error = "";
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("course") && this.course && changed.get("course")?.id !== this.course.id)
      void this.load();
  }

  private get base() {
    return `/courses/${encodeURIComponent(this.course.id)}`;
  }

  private async load() {
    try {
      this.assignments = await api<LearnerAssignment[]>("GET", `${this.base}/assignments`);
      this.error = "";
    } catch (err) {
      this.error = describe(err);
    }
  }

  private link(path: string, text: string) {
    return html`<a href=${path} @click=${(e: MouseEvent) => followLink(e, this, path)}>${text}</a>`;
  }

  private renderTable(list: LearnerAssignment[], staff: boolean) {
    const t = this.i18n.current;
    const locale = formatLocale(t.locale);
    const time = (iso: string) => html`<time datetime=${iso}>${formatTime(iso, locale)}</time>`;
    return html`<div class="scroll"><table class="stack">
      <caption class="visually-hidden">${t.t("assignments.caption", { course: this.course.name })}</caption>
      <thead><tr>
        <th scope="col">${t.t("assignments.col.title")}</th><th scope="col">${t.t("assignments.col.problems")}</th><th scope="col">${t.t("assignments.col.opens")}</th>
        <th scope="col">${t.t("assignments.col.due")}</th><th scope="col">${t.t("assignments.col.limit")}</th><th scope="col">${t.t("assignments.col.tutor")}</th>
      </tr></thead>
      <tbody>
        ${list.map(
          (a) => html`<tr>
            <th scope="row">${staff ? this.link(`${this.base}/assignments/${encodeURIComponent(a.id)}`, a.title) : a.title}</th>
            <td>${sizeOf(t, a)}</td>
            <td>${a.opensAt ? time(a.opensAt) : t.t("assignments.now")}</td>
            <td>${
              a.dueAt
                ? html`${time(a.dueAt)}${
                    a.latePolicy
                      ? html`<br /><span class="hint">${
                          a.latePolicy.acceptUntil
                            ? t.t("assignments.late.until", {
                                penalty: String(a.latePolicy.penaltyPerDay),
                                date: formatTime(a.latePolicy.acceptUntil, locale),
                              })
                            : t.t("assignments.late", { penalty: String(a.latePolicy.penaltyPerDay) })
                        }</span>`
                      : html`<br /><span class="hint">${t.t("assignments.late.none")}</span>`
                  }`
                : t.t("assignments.due.none")
            }</td>
            <td>${a.timeLimitMinutes ? t.t("assignments.minutes", { count: String(a.timeLimitMinutes) }) : t.t("assignments.limit.none")}</td>
            <td>${t.t(`tutor.${a.tutor}`)}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const course = this.course;
    const staff = isStaff(course.role);
    const list = this.assignments;
    return html`<section class="panel" aria-labelledby="assignments-title">
      <h2 id="assignments-title">${t.t("assignments.title")}</h2>
      <p class="error" role="alert">${this.error}</p>
      ${
        !list
          ? this.error
            ? nothing
            : html`<p role="status">${t.t("assignments.loading")}</p>`
          : list.length === 0
            ? html`<p>${t.t(staff ? "assignments.none" : "assignments.none.open")}</p>`
            : this.renderTable(list, staff)
      }
      ${
        isEditor(course.role)
          ? html`<p>${fill(t.t("assignments.new"), {
              link: this.link(`${this.base}/assignments/new`, t.t("assignments.new.link")),
            })}</p>`
          : nothing
      }
    </section>`;
  }
}
customElements.define("cg-course-assignments", CgCourseAssignments);
