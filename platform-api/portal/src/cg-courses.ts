import type { Course } from "@codeground/sdk";
import { css, html, LitElement, nothing } from "lit";
import { api, describe } from "./api.js";
import { ROLE_LABELS } from "./course-roles.js";
import { followLink, navigate } from "./links.js";
import { portalStyles } from "./styles.js";

/**
 * The courses I belong to, with my role in each; a form to create one (I own it) and one to join a
 * course with the code its teacher gave out (I join as a learner). Either opens the course.
 *
 * @fires cg-navigate - to open a course's page
 */
export class CgCourses extends LitElement {
  static override styles = [
    portalStyles,
    css`
      .forms {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        gap: 0 1rem;
      }
      .forms h2 {
        margin-top: 0;
      }
      .forms input {
        width: 100%;
      }
      .personal {
        color: var(--cg-muted);
      }
    `,
  ];
  static override properties = {
    courses: { state: true },
    error: { state: true },
    createError: { state: true },
    joinError: { state: true },
    busy: { state: true },
  };
  declare courses: Course[] | undefined;
  declare error: string;
  declare createError: string;
  declare joinError: string;
  declare busy: boolean;

  constructor() {
    super();
    this.courses = undefined;
    this.error = "";
    this.createError = "";
    this.joinError = "";
    this.busy = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.courses = await api<Course[]>("GET", "/courses");
      this.error = "";
    } catch (err) {
      this.error = describe(err);
    }
  }

  /** Sends one of the two forms; on success the course's page opens. */
  private async submit(
    event: SubmitEvent,
    send: (field: string) => Promise<Course>,
    fail: (m: string) => void,
  ) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = String(new FormData(form).get("value") ?? "").trim();
    this.busy = true;
    fail("");
    try {
      const course = await send(value);
      navigate(this, `/courses/${course.id}`);
    } catch (err) {
      fail(describe(err));
    } finally {
      this.busy = false;
    }
  }

  private create(event: SubmitEvent) {
    return this.submit(
      event,
      (name) => api<Course>("POST", "/courses", { name }),
      (message) => {
        this.createError = message;
      },
    );
  }

  private join(event: SubmitEvent) {
    return this.submit(
      event,
      (joinCode) => api<Course>("POST", "/courses/join", { joinCode }),
      (message) => {
        this.joinError = message;
      },
    );
  }

  private renderList() {
    if (this.courses === undefined) return html`<p role="status">${this.error ? "" : "Loading courses…"}</p>`;
    if (this.courses.length === 0)
      return html`<p>You are not in any course yet: create one below, or join one with the code your teacher gave you.</p>`;
    return html`<table>
      <caption class="visually-hidden">Your courses</caption>
      <thead><tr><th scope="col">Course</th><th scope="col">Your role</th></tr></thead>
      <tbody>
        ${this.courses.map(
          (c) => html`<tr>
            <th scope="row">
              <a href="/courses/${c.id}" @click=${(e: MouseEvent) => followLink(e, this, `/courses/${c.id}`)}>${c.name}</a>
              ${c.personal ? html`<br /><span class="hint personal">Where embeds made on the Embeds page go</span>` : nothing}
            </th>
            <td>${ROLE_LABELS[c.role]}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    return html`
      <h1>Courses</h1>
      <p class="hint">A course is where you teach: its staff, its embeds on your course site, and its learners.</p>
      <p class="error" role="alert">${this.error}</p>
      ${this.renderList()}
      <div class="forms">
        <section class="panel" aria-labelledby="create-title">
          <h2 id="create-title">Create a course</h2>
          <form @submit=${this.create} aria-describedby="create-error">
            <label for="course-name">Course name</label>
            <input id="course-name" name="value" required maxlength="200" autocomplete="off" placeholder="Intro to Python, spring term" />
            <p class="hint">You will own it, and can invite instructors and TAs.</p>
            <p class="error" role="alert" id="create-error">${this.createError}</p>
            <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Create course</button></div>
          </form>
        </section>
        <section class="panel" aria-labelledby="join-title">
          <h2 id="join-title">Join a course</h2>
          <form @submit=${this.join} aria-describedby="join-error">
            <label for="join-code">Join code</label>
            <input id="join-code" name="value" required maxlength="40" autocomplete="off" spellcheck="false"
              aria-describedby="join-hint" />
            <p class="hint" id="join-hint">The 10 letters and digits your teacher gave you; spaces and dashes do not matter. You join as a learner.</p>
            <p class="error" role="alert" id="join-error">${this.joinError}</p>
            <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Join course</button></div>
          </form>
        </section>
      </div>
    `;
  }
}
customElements.define("cg-courses", CgCourses);
