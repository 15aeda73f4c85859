import type { Course, LearnerAssignment } from "@codeground/sdk";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { api, describe } from "./api.js";
import { formatTime } from "./assignment-times.js";
import { isEditor, isStaff } from "./course-roles.js";
import { followLink } from "./links.js";
import { portalStyles } from "./styles.js";

const TUTOR = { open: "Open", hints: "Hints only", off: "Off" } as const;

/** "3 problems, 30 points". */
function sizeOf(assignment: LearnerAssignment) {
  const points = assignment.problems.reduce((sum, p) => sum + p.points, 0);
  const n = assignment.problems.length;
  return `${n} problem${n === 1 ? "" : "s"}, ${points} point${points === 1 ? "" : "s"}`;
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
        text-align: left;
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

  constructor() {
    super();
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
    return html`<div class="scroll"><table>
      <caption class="visually-hidden">Assignments of ${this.course.name}</caption>
      <thead><tr>
        <th scope="col">Assignment</th><th scope="col">Problems</th><th scope="col">Opens</th>
        <th scope="col">Due</th><th scope="col">Time limit</th><th scope="col">Tutor</th>
      </tr></thead>
      <tbody>
        ${list.map(
          (a) => html`<tr>
            <th scope="row">${staff ? this.link(`${this.base}/assignments/${encodeURIComponent(a.id)}`, a.title) : a.title}</th>
            <td>${sizeOf(a)}</td>
            <td>${a.opensAt ? html`<time datetime=${a.opensAt}>${formatTime(a.opensAt)}</time>` : "Now"}</td>
            <td>${
              a.dueAt
                ? html`<time datetime=${a.dueAt}>${formatTime(a.dueAt)}</time>${
                    a.latePolicy
                      ? html`<br /><span class="hint">Late work: −${a.latePolicy.penaltyPerDay}% a day${
                          a.latePolicy.acceptUntil ? `, until ${formatTime(a.latePolicy.acceptUntil)}` : ""
                        }</span>`
                      : html`<br /><span class="hint">No late work</span>`
                  }`
                : "No due time"
            }</td>
            <td>${a.timeLimitMinutes ? `${a.timeLimitMinutes} minutes` : "None"}</td>
            <td>${TUTOR[a.tutor]}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  override render() {
    const course = this.course;
    const staff = isStaff(course.role);
    const list = this.assignments;
    return html`<section class="panel" aria-labelledby="assignments-title">
      <h2 id="assignments-title">Assignments</h2>
      <p class="error" role="alert">${this.error}</p>
      ${
        !list
          ? this.error
            ? nothing
            : html`<p role="status">Loading the assignments…</p>`
          : list.length === 0
            ? html`<p>${staff ? "No assignments yet." : "No assignments are open yet."}</p>`
            : this.renderTable(list, staff)
      }
      ${
        isEditor(course.role)
          ? html`<p>${this.link(`${this.base}/assignments/new`, "New assignment")}: pick problems, give them points, set the times and the tutor.</p>`
          : nothing
      }
    </section>`;
  }
}
customElements.define("cg-course-assignments", CgCourseAssignments);
