import type { Course, User } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { ApiError, api, describe } from "./api.js";
import { copyText } from "./clipboard.js";
import { isEditor, isStaff } from "./course-roles.js";
import { inlineConfirm } from "./inline-confirm.js";
import { followLink, navigate } from "./links.js";
import { portalLocale } from "./locale.js";
import { courseMessages } from "./locales/courses/course/index.js";
import { fill } from "./message-markup.js";
import { portalStyles } from "./styles.js";
import "./cg-course-assignments.js";
import "./cg-course-invite.js";
import "./cg-course-lms.js";
import "./cg-course-members.js";
import "./cg-embeds.js";

/** The steps asked once more before they happen, one at a time. */
type Pending = "rotate" | "delete" | "leave";
/** Where an outcome is said: next to what was used. */
type Place = "code" | "settings" | "leave";

/** A join code in two groups of five, easier to read aloud; dashes are ignored when joining. */
const grouped = (code: string) => code.replace(/^(.{5})(.{5})$/, "$1-$2");

/**
 * One course, as the viewer's role there lets them see it. Staff: the join code, members, embeds;
 * the owner and instructors also rotate the code, invite staff, rename the course and manage its
 * embeds, and the owner changes roles and deletes it. A TA sees the same with nothing to change.
 * A learner sees the course's name and its staff. Everyone but the owner may leave.
 *
 * @fires cg-navigate - to the courses page, after leaving or deleting the course
 */
export class CgCourse extends LitElement {
  static override styles = [
    portalStyles,
    css`
      section.panel > h2:first-child {
        margin-top: 0;
      }
      .code {
        font-family: var(--cg-mono-font);
        font-size: 1.5rem;
        letter-spacing: 0.1em;
        margin: 0.5rem 0 0;
      }
      .rename {
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.75rem;
        align-items: flex-end;
      }
      .rename > div {
        flex: 1 1 16rem;
        max-width: 32rem;
      }
      .rename input {
        width: 100%;
        min-width: 0;
      }
      .confirm span {
        flex-basis: 100%;
      }
    `,
  ];
  static override properties = {
    courseId: { attribute: false },
    user: { attribute: false },
    course: { state: true },
    missing: { state: true },
    pending: { state: true },
    busy: { state: true },
    said: { state: true },
  };
  /** The course to show (from the address `/courses/<id>`). */
  declare courseId: string;
  declare user: User | null | undefined;
  declare course: Course | undefined;
  /** Why the course cannot be shown: not found (or not a member), or the API's error. */
  declare missing: string;
  declare pending: Pending | null;
  declare busy: boolean;
  /** The last outcome, shown next to the control it came from. */
  declare said: { place: Place; text: string; error: boolean } | null;
  private i18n = new I18nController(this, courseMessages);

  constructor() {
    super();
    this.courseId = "";
    this.course = undefined;
    this.missing = "";
    this.pending = null;
    this.busy = false;
    this.said = null;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("courseId") && this.courseId) {
      this.course = undefined;
      this.pending = null;
      this.said = null;
      void this.load();
    }
  }

  private get path() {
    return `/courses/${encodeURIComponent(this.courseId)}`;
  }

  private async load() {
    try {
      this.course = await api<Course>("GET", this.path);
      this.missing = "";
    } catch (err) {
      this.missing =
        err instanceof ApiError && err.status === 404 ? this.i18n.current.t("missing") : describe(err);
    }
  }

  /** Runs one change; its outcome is said at `place`, and the keyboard goes to `focus` after. */
  private async run(place: Place, what: () => Promise<string>, focus?: (ok: boolean) => string) {
    this.busy = true;
    let ok = false;
    try {
      this.said = { place, text: await what(), error: false };
      ok = true;
    } catch (err) {
      this.said = { place, text: describe(err), error: true };
    } finally {
      this.busy = false;
    }
    if (!focus) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(focus(ok))?.focus();
  }

  private ask(pending: Pending) {
    this.pending = pending;
    this.said = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#confirm-${pending}`)?.focus(),
    );
  }

  private cancel(pending: Pending) {
    this.pending = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${pending}`)?.focus());
  }

  private rotateCode() {
    return this.run(
      "code",
      async () => {
        this.course = await api<Course>("POST", `${this.path}/join-code`);
        this.pending = null;
        return this.i18n.current.t("code.rotated");
      },
      (ok) => (ok ? "#rotate" : "#confirm-rotate"),
    );
  }

  private rename(event: SubmitEvent) {
    event.preventDefault();
    const name = String(new FormData(event.target as HTMLFormElement).get("name") ?? "").trim();
    return this.run("settings", async () => {
      this.course = await api<Course>("PATCH", this.path, { name });
      return this.i18n.current.t("settings.renamed", { name: this.course.name });
    });
  }

  /** Deleting the course or leaving it: the page is gone for this viewer, so the course list opens. */
  private depart(pending: "delete" | "leave") {
    const place = pending === "delete" ? "settings" : "leave";
    return this.run(
      place,
      async () => {
        if (pending === "delete") await api("DELETE", this.path);
        else await api("DELETE", `${this.path}/members/${encodeURIComponent(this.user?.id ?? "")}`);
        this.pending = null;
        navigate(this, "/courses");
        return "";
      },
      () => `#confirm-${pending}`,
    );
  }

  private message(place: Place) {
    const said = this.said?.place === place ? this.said : null;
    return html`<p class="ok" role="status">${said && !said.error ? said.text : ""}</p>
      <p class="error" role="alert">${said?.error ? said.text : ""}</p>`;
  }

  private renderCode(course: Course) {
    if (!isStaff(course.role) || !course.joinCode) return nothing;
    const t = this.i18n.current;
    const code = grouped(course.joinCode);
    return html`<section class="panel" aria-labelledby="code-title">
      <h2 id="code-title">${t.t("code.title")}</h2>
      <p class="hint">${t.t("code.hint")}</p>
      <p class="code" data-testid="join-code">${code}</p>
      ${this.message("code")}
      ${
        this.pending === "rotate"
          ? inlineConfirm({
              label: t.t("code.rotate.label"),
              text: t.t("code.rotate.text"),
              yes: t.t("code.rotate.yes"),
              no: t.t("code.rotate.no"),
              yesId: "confirm-rotate",
              busy: this.busy,
              onYes: () => void this.rotateCode(),
              onNo: () => this.cancel("rotate"),
            })
          : html`<div class="actions">
            <button type="button" @click=${async () => {
              this.said = { place: "code", text: await copyText(code, t.t("code.what")), error: false };
            }}>${t.t("code.copy")}</button>
            ${
              isEditor(course.role)
                ? html`<button type="button" id="rotate" ?disabled=${this.busy} @click=${() => this.ask("rotate")}>${t.t("code.rotate")}</button>`
                : nothing
            }
          </div>`
      }
    </section>`;
  }

  private renderSettings(course: Course) {
    if (!isEditor(course.role)) return nothing;
    const t = this.i18n.current;
    const name = course.name;
    return html`<section class="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">${t.t("settings.title")}</h2>
      <form class="rename" @submit=${this.rename}>
        <div>
          <label for="course-name">${t.t("settings.name")}</label>
          <input id="course-name" name="name" required maxlength="200" autocomplete="off" .value=${course.name} />
        </div>
        <div class="actions"><button type="submit" ?disabled=${this.busy}>${t.t("settings.save")}</button></div>
      </form>
      ${this.message("settings")}
      ${
        course.role !== "owner"
          ? nothing
          : this.pending === "delete"
            ? inlineConfirm({
                label: t.t("delete.label", { name }),
                text: t.t("delete.text", { name }),
                yes: t.t("delete.yes"),
                no: t.t("delete.no"),
                yesId: "confirm-delete",
                busy: this.busy,
                onYes: () => void this.depart("delete"),
                onNo: () => this.cancel("delete"),
              })
            : html`<div class="actions">
              <button type="button" id="delete" class="danger" ?disabled=${this.busy} @click=${() => this.ask("delete")}>${t.t("delete.button")}</button>
            </div>`
      }
    </section>`;
  }

  private renderLeave(course: Course) {
    if (course.role === "owner") return nothing;
    const t = this.i18n.current;
    const name = course.name;
    return html`<section aria-labelledby="leave-title">
      <h2 id="leave-title">${t.t("leave.title")}</h2>
      ${this.message("leave")}
      ${
        this.pending === "leave"
          ? inlineConfirm({
              label: t.t("leave.label", { name }),
              text: t.t(isStaff(course.role) ? "leave.text.staff" : "leave.text.learner", { name }),
              yes: t.t("leave.yes"),
              no: t.t("leave.no"),
              yesId: "confirm-leave",
              busy: this.busy,
              onYes: () => void this.depart("leave"),
              onNo: () => this.cancel("leave"),
            })
          : html`<div class="actions">
            <button type="button" id="leave" ?disabled=${this.busy} @click=${() => this.ask("leave")}>${t.t("leave.button")}</button>
          </div>`
      }
    </section>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const back = html`<p><a href="/courses" @click=${(e: MouseEvent) => followLink(e, this, "/courses")}>${t.t("back")}</a></p>`;
    const course = this.course;
    if (!course) {
      return this.missing
        ? html`${back}<h1>${t.t("heading")}</h1><p class="error" role="alert">${this.missing}</p>`
        : html`${back}<p role="status">${t.t("loading")}</p>`;
    }
    const about = [
      t.t(`you.${course.role}`),
      course.personal ? t.t("you.personal") : "",
      course.role === "ta" ? t.t("you.ta.readOnly") : "",
    ];
    const gradebook = html`<a href="${this.path}/gradebook" @click=${(e: MouseEvent) => followLink(e, this, `${this.path}/gradebook`)}>${t.t("gradebook.link")}</a>`;
    return html`
      ${back}
      <h1>${course.name}</h1>
      <p class="hint">${about.filter(Boolean).join(" ")}</p>
      ${isStaff(course.role) ? html`<p>${fill(t.t("gradebook"), { link: gradebook })}</p>` : nothing}
      ${this.renderCode(course)}
      <cg-course-assignments .course=${course}></cg-course-assignments>
      <cg-course-members .course=${course} .user=${this.user} @cg-course-changed=${this.load}></cg-course-members>
      ${isEditor(course.role) ? html`<section class="panel"><cg-course-invite .course=${course}></cg-course-invite></section>` : nothing}
      ${isStaff(course.role) ? html`<cg-embeds .course=${course} .user=${this.user}></cg-embeds>` : nothing}
      ${isStaff(course.role) ? html`<cg-course-lms .course=${course}></cg-course-lms>` : nothing}
      ${this.renderSettings(course)}
      ${this.renderLeave(course)}
    `;
  }
}
customElements.define("cg-course", CgCourse);
