import type { Course } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing } from "lit";
import { api, describe } from "./api.js";
import { roleKey } from "./course-roles.js";
import { followLink, navigate } from "./links.js";
import { portalLocale } from "./locale.js";
import { listMessages } from "./locales/courses/list/index.js";
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
  private i18n = new I18nController(this, listMessages);

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
    const t = this.i18n.current;
    if (this.courses === undefined) return html`<p role="status">${this.error ? "" : t.t("loading")}</p>`;
    if (this.courses.length === 0) return html`<p>${t.t("empty")}</p>`;
    return html`<table>
      <caption class="visually-hidden">${t.t("caption")}</caption>
      <thead><tr><th scope="col">${t.t("col.course")}</th><th scope="col">${t.t("col.role")}</th></tr></thead>
      <tbody>
        ${this.courses.map(
          (c) => html`<tr>
            <th scope="row">
              <a href="/courses/${c.id}" @click=${(e: MouseEvent) => followLink(e, this, `/courses/${c.id}`)}>${c.name}</a>
              ${c.personal ? html`<br /><span class="hint personal">${t.t("personal")}</span>` : nothing}
            </th>
            <td>${t.t(roleKey(c.role))}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    return html`
      <h1>${t.t("title")}</h1>
      <p class="hint">${t.t("intro")}</p>
      <p class="error" role="alert">${this.error}</p>
      ${this.renderList()}
      <div class="forms">
        <section class="panel" aria-labelledby="create-title">
          <h2 id="create-title">${t.t("create.title")}</h2>
          <form @submit=${this.create} aria-describedby="create-error">
            <label for="course-name">${t.t("create.name")}</label>
            <input id="course-name" name="value" required maxlength="200" autocomplete="off" placeholder=${t.t("create.placeholder")} />
            <p class="hint">${t.t("create.hint")}</p>
            <p class="error" role="alert" id="create-error">${this.createError}</p>
            <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("create.submit")}</button></div>
          </form>
        </section>
        <section class="panel" aria-labelledby="join-title">
          <h2 id="join-title">${t.t("join.title")}</h2>
          <form @submit=${this.join} aria-describedby="join-error">
            <label for="join-code">${t.t("join.code")}</label>
            <input id="join-code" name="value" required maxlength="40" autocomplete="off" spellcheck="false"
              aria-describedby="join-hint" />
            <p class="hint" id="join-hint">${t.t("join.hint")}</p>
            <p class="error" role="alert" id="join-error">${this.joinError}</p>
            <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t("join.submit")}</button></div>
          </form>
        </section>
      </div>
    `;
  }
}
customElements.define("cg-courses", CgCourses);
