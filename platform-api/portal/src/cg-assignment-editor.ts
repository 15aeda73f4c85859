import type {
  Assignment,
  AssignmentTutor,
  Course,
  LearnerAssignment,
  ProblemPage,
  ProblemSummary,
  ProblemView,
} from "@codeground/sdk";
import { I18nController, type Translator } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { ApiError, api, describe } from "./api.js";
import { fromLocalInput, timeZoneName, toLocalInput } from "./assignment-times.js";
import { isEditor } from "./course-roles.js";
import { inlineConfirm } from "./inline-confirm.js";
import { followLink, navigate } from "./links.js";
import { portalLocale } from "./locale.js";
import { type AssignmentKey, assignmentMessages } from "./locales/courses/assignment/index.js";
import { fill } from "./message-markup.js";
import { portalStyles } from "./styles.js";

/** One problem of the assignment being edited: its title once known. */
interface Row {
  slug: string;
  title: string;
  points: number;
}

/** The form's fields, as typed (times in the viewer's time zone, numbers as text). */
interface Draft {
  title: string;
  problems: Row[];
  opensAt: string;
  dueAt: string;
  acceptLate: boolean;
  penaltyPerDay: string;
  acceptUntil: string;
  timeLimit: string;
  tutor: AssignmentTutor;
  /** Whether the tutor was chosen by hand; until then it follows the time limit (off when timed). */
  tutorChosen: boolean;
}

const emptyDraft = (): Draft => ({
  title: "",
  problems: [],
  opensAt: "",
  dueAt: "",
  acceptLate: false,
  penaltyPerDay: "10",
  acceptUntil: "",
  timeLimit: "",
  tutor: "hints",
  tutorChosen: false,
});

function draftOf(a: Assignment, titles: Map<string, string>): Draft {
  return {
    title: a.title,
    problems: a.problems.map((p) => ({ ...p, title: titles.get(p.slug) ?? "" })),
    opensAt: toLocalInput(a.opensAt),
    dueAt: toLocalInput(a.dueAt),
    acceptLate: a.latePolicy !== null,
    penaltyPerDay: String(a.latePolicy?.penaltyPerDay ?? 10),
    acceptUntil: toLocalInput(a.latePolicy?.acceptUntil),
    timeLimit: a.timeLimitMinutes === null ? "" : String(a.timeLimitMinutes),
    tutor: a.tutor,
    tutorChosen: true,
  };
}

/** The API's field names as the form labels them, for its validation messages. */
const FIELD_LABELS: [RegExp, AssignmentKey][] = [
  [/^title/, "field.title"],
  [/^problems\.(\d+)/, "field.problem"],
  [/^problems/, "field.problems"],
  [/^opensAt/, "field.opensAt"],
  [/^dueAt/, "field.dueAt"],
  [/^latePolicy\.acceptUntil/, "field.acceptUntil"],
  [/^latePolicy\.penaltyPerDay/, "field.penalty"],
  [/^latePolicy/, "field.latePolicy"],
  [/^timeLimitMinutes/, "field.timeLimit"],
  [/^tutor/, "field.tutor"],
];

function labelOf(t: Translator<AssignmentKey>, path: string): string {
  for (const [pattern, label] of FIELD_LABELS) {
    const match = pattern.exec(path);
    if (match) return t.t(label, { n: String(Number(match[1]) + 1) });
  }
  return path;
}

const TUTOR_CHOICES: AssignmentTutor[] = ["open", "hints", "off"];

/**
 * An assignment's page, at `/courses/<id>/assignments/new` (a new one) and
 * `/courses/<id>/assignments/<assignment id>`. The owner and instructors choose its problems and
 * their points in order, its opening and due times (in their own time zone), the late policy, a
 * time limit per attempt and what the tutor does; they save or delete it. A TA sees the same,
 * read-only.
 *
 * @fires cg-navigate - to the assignment's own address once created, to the course after deleting
 */
export class CgAssignmentEditor extends LitElement {
  static override styles = [
    portalStyles,
    css`
      fieldset {
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        margin: 1rem 0;
        padding: 0.75rem 1rem;
      }
      fieldset:disabled {
        opacity: 0.85;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0 1rem;
        align-items: flex-end;
      }
      .row > div {
        flex: 1 1 14rem;
      }
      .row > .actions {
        flex: 0 0 auto;
      }
      input[type="number"] {
        min-width: 0;
        width: 8rem;
      }
      ol.chosen {
        padding-inline-start: 1.5rem;
      }
      ol.chosen li {
        margin: 0.5rem 0;
      }
      .item {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .item .name {
        flex: 1 1 14rem;
      }
      .item input {
        min-width: 0;
        width: 6rem;
      }
      ul.found {
        list-style: none;
        padding: 0;
      }
      ul.found li {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin: 0.25rem 0;
      }
      ul.found li > button {
        flex: none;
      }
      .choice {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        margin: 0.25rem 0;
      }
      .choice input {
        min-width: 0;
        width: auto;
      }
      label.inline {
        display: inline;
        font-weight: normal;
      }
    `,
  ];
  static override properties = {
    courseId: { attribute: false },
    assignmentId: { attribute: false },
    course: { state: true },
    draft: { state: true },
    saved: { state: true },
    missing: { state: true },
    found: { state: true },
    searchNote: { state: true },
    error: { state: true },
    details: { state: true },
    notice: { state: true },
    busy: { state: true },
    confirmDelete: { state: true },
  };
  /** The course (from the address). */
  declare courseId: string;
  /** The assignment, or "new" (from the address). */
  declare assignmentId: string;
  declare course: Course | undefined;
  declare draft: Draft | undefined;
  /** The assignment as last saved; null while a new one is not. */
  declare saved: Assignment | null;
  declare missing: string;
  /** The problem search's results. */
  declare found: ProblemSummary[];
  declare searchNote: string;
  declare error: string;
  /** The API's validation messages, each naming its field. */
  declare details: { path: string; message: string }[];
  declare notice: string;
  declare busy: boolean;
  declare confirmDelete: boolean;
  private i18n = new I18nController(this, assignmentMessages);

  constructor() {
    super();
    this.courseId = "";
    this.assignmentId = "new";
    this.draft = undefined;
    this.saved = null;
    this.missing = "";
    this.found = [];
    this.searchNote = "";
    this.error = "";
    this.details = [];
    this.notice = "";
    this.busy = false;
    this.confirmDelete = false;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (!this.courseId) return;
    // Its own address changing to the assignment just created is no reason to load it again.
    const justCreated = changed.has("assignmentId") && this.saved?.id === this.assignmentId;
    if ((changed.has("courseId") || changed.has("assignmentId")) && !justCreated) void this.load();
  }

  private get coursePath() {
    return `/courses/${encodeURIComponent(this.courseId)}`;
  }

  private get isNew() {
    return this.assignmentId === "new";
  }

  private get canEdit() {
    return this.course ? isEditor(this.course.role) : false;
  }

  private async load() {
    this.draft = undefined;
    this.missing = "";
    this.notice = "";
    this.error = "";
    this.details = [];
    try {
      this.course = await api<Course>("GET", this.coursePath);
      if (this.isNew) {
        this.saved = null;
        this.draft = emptyDraft();
        return;
      }
      const assignment = await api<LearnerAssignment>(
        "GET",
        `/assignments/${encodeURIComponent(this.assignmentId)}`,
      );
      if (assignment.courseId !== this.courseId)
        throw new ApiError(404, "not_found", "not_found", "", undefined);
      this.saved = assignment;
      this.draft = draftOf(assignment, await this.titlesOf(assignment.problems.map((p) => p.slug)));
    } catch (err) {
      this.missing =
        err instanceof ApiError && err.status === 404 ? this.i18n.current.t("missing") : describe(err);
    }
  }

  /** The titles of the problems named, as far as they can be read (a slug stands in for the rest). */
  private async titlesOf(slugs: string[]): Promise<Map<string, string>> {
    const titles = await Promise.all(
      slugs.map((slug) =>
        api<ProblemView>("GET", `/problems/${encodeURIComponent(slug)}`).then(
          (p) => [slug, p.title] as const,
          () => [slug, ""] as const,
        ),
      ),
    );
    return new Map(titles);
  }

  private change(patch: Partial<Draft>) {
    if (!this.draft) return;
    const next = { ...this.draft, ...patch };
    // Timed work is usually an exam: the tutor goes off with a time limit, unless chosen by hand.
    if (!next.tutorChosen) next.tutor = next.timeLimit.trim() ? "off" : "hints";
    this.draft = next;
  }

  /** Looks problems up by title or slug (Enter in the field, or the button: not the assignment's submit). */
  private async search() {
    const q = this.renderRoot.querySelector<HTMLInputElement>("#problem-search")?.value.trim() ?? "";
    this.searchNote = this.i18n.current.t("search.searching");
    try {
      const page = await api<ProblemPage>(
        "GET",
        `/problems?limit=20${q ? `&q=${encodeURIComponent(q)}` : ""}`,
      );
      const t = this.i18n.current;
      const count = page.items.length;
      this.found = page.items;
      this.searchNote =
        count === 0
          ? t.t("search.none", { q })
          : t.t(page.nextCursor ? "search.found.more" : "search.found", { count });
    } catch (err) {
      this.found = [];
      this.searchNote = describe(err);
    }
  }

  private async add(problem: ProblemSummary) {
    const draft = this.draft;
    if (!draft) return;
    const t = this.i18n.current;
    if (draft.problems.some((p) => p.slug === problem.slug)) {
      this.searchNote = t.t("search.already", { title: problem.title });
      return;
    }
    this.change({ problems: [...draft.problems, { slug: problem.slug, title: problem.title, points: 10 }] });
    this.searchNote = t.t("search.added", { title: problem.title, n: String(draft.problems.length + 1) });
  }

  private setPoints(index: number, value: string) {
    const draft = this.draft;
    if (!draft) return;
    const problems = draft.problems.map((p, i) => (i === index ? { ...p, points: Number(value) } : p));
    this.change({ problems });
  }

  /** Moves a problem up (-1) or down (+1); the keyboard stays on the same button of that problem. */
  private async move(index: number, by: -1 | 1) {
    const draft = this.draft;
    const to = index + by;
    if (!draft || to < 0 || to >= draft.problems.length) return;
    const problems = [...draft.problems];
    const [moved] = problems.splice(index, 1);
    if (!moved) return;
    problems.splice(to, 0, moved);
    this.change({ problems });
    this.searchNote = this.i18n.current.t("problems.moved", {
      title: moved.title || moved.slug,
      n: String(to + 1),
    });
    await this.updateComplete;
    // The same button of that problem, or the other one when it reached an end.
    const [same, other] = by < 0 ? ["up", "down"] : ["down", "up"];
    const target = [`#${same}-${to}`, `#${other}-${to}`, `#points-${to}`]
      .map((selector) => this.renderRoot.querySelector<HTMLInputElement | HTMLButtonElement>(selector))
      .find((el) => el && !el.disabled);
    target?.focus();
  }

  private async removeProblem(index: number) {
    const draft = this.draft;
    if (!draft) return;
    const gone = draft.problems[index];
    this.change({ problems: draft.problems.filter((_, i) => i !== index) });
    this.searchNote = gone ? this.i18n.current.t("problems.removed", { title: gone.title || gone.slug }) : "";
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#problem-search")?.focus();
  }

  /** The request body: every field, null where a time, the late policy or the time limit is cleared. */
  private requestOf(draft: Draft) {
    const dueAt = fromLocalInput(draft.dueAt);
    const acceptUntil = fromLocalInput(draft.acceptUntil);
    const limit = draft.timeLimit.trim();
    return {
      title: draft.title,
      problems: draft.problems.map(({ slug, points }) => ({ slug, points })),
      opensAt: fromLocalInput(draft.opensAt),
      dueAt,
      latePolicy: draft.acceptLate
        ? { penaltyPerDay: Number(draft.penaltyPerDay), ...(acceptUntil ? { acceptUntil } : {}) }
        : null,
      timeLimitMinutes: limit ? Number(limit) : null,
      tutor: draft.tutor,
    };
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const draft = this.draft;
    if (!draft || !this.canEdit) return;
    this.busy = true;
    this.error = "";
    this.details = [];
    this.notice = "";
    const body = this.requestOf(draft);
    try {
      if (this.saved) {
        this.saved = await api<Assignment>(
          "PATCH",
          `/assignments/${encodeURIComponent(this.saved.id)}`,
          body,
        );
        this.notice = this.i18n.current.t("saved", { title: this.saved.title });
      } else {
        // A new assignment leaves out what it does not set (null means "clear" only in a change).
        const created = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
        this.saved = await api<Assignment>("POST", `${this.coursePath}/assignments`, created);
        this.notice = this.i18n.current.t("created", { title: this.saved.title, id: this.saved.id });
        navigate(this, `${this.coursePath}/assignments/${encodeURIComponent(this.saved.id)}`, true);
      }
      this.draft = { ...draftOf(this.saved, new Map(draft.problems.map((p) => [p.slug, p.title]))) };
    } catch (err) {
      this.error = describe(err);
      this.details = err instanceof ApiError ? err.details : [];
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this.error ? "#save-error" : "#save-notice")?.focus();
  }

  private async destroy() {
    const saved = this.saved;
    if (!saved) return;
    this.busy = true;
    try {
      await api("DELETE", `/assignments/${encodeURIComponent(saved.id)}`);
      navigate(this, this.coursePath);
    } catch (err) {
      this.error = describe(err);
      this.confirmDelete = false;
    } finally {
      this.busy = false;
    }
  }

  private renderProblems(draft: Draft) {
    const t = this.i18n.current;
    const readOnly = !this.canEdit;
    const total = draft.problems.reduce((sum, p) => sum + (Number.isFinite(p.points) ? p.points : 0), 0);
    return html`<fieldset ?disabled=${readOnly}>
      <legend>${t.t("problems.legend")}</legend>
      ${
        draft.problems.length === 0
          ? html`<p class="hint">${t.t("problems.none")}</p>`
          : html`<ol class="chosen">
            ${draft.problems.map(
              (p, i) => html`<li>
                <div class="item">
                  <span class="name">${p.title || p.slug} <span class="hint mono">${p.slug}</span></span>
                  <label class="inline" for="points-${i}">${t.t("problems.points")}</label>
                  <input id="points-${i}" type="number" min="0" max="1000" step="1" required
                    .value=${String(p.points)} @input=${(e: Event) => this.setPoints(i, (e.target as HTMLInputElement).value)} />
                  ${
                    readOnly
                      ? nothing
                      : html`<button type="button" id="up-${i}" ?disabled=${i === 0}
                          aria-label=${t.t("problems.up", { title: p.title || p.slug })} @click=${() => this.move(i, -1)}>↑</button>
                        <button type="button" id="down-${i}" ?disabled=${i === draft.problems.length - 1}
                          aria-label=${t.t("problems.down", { title: p.title || p.slug })} @click=${() => this.move(i, 1)}>↓</button>
                        <button type="button" aria-label=${t.t("problems.remove.label", { title: p.title || p.slug })} @click=${() => this.removeProblem(i)}>${t.t("problems.remove")}</button>`
                  }
                </div>
              </li>`,
            )}
          </ol>
          <p class="hint">${t.t("problems.total", { count: String(total) })}</p>`
      }
      ${this.renderSearch()}
    </fieldset>`;
  }

  /** Finding problems to add: inside the assignment's form, so Enter searches instead of saving. */
  private renderSearch() {
    if (!this.canEdit) return nothing;
    const t = this.i18n.current;
    return html`<div class="row" role="search" aria-label=${t.t("search.region")}>
        <div>
          <label for="problem-search">${t.t("search.label")}</label>
          <input id="problem-search" type="search" maxlength="100" autocomplete="off"
            @keydown=${(e: KeyboardEvent) => {
              if (e.key !== "Enter") return;
              e.preventDefault();
              void this.search();
            }} />
        </div>
        <div class="actions"><button type="button" @click=${() => this.search()}>${t.t("search.button")}</button></div>
      </div>
      <p class="hint" role="status">${this.searchNote}</p>
      ${
        this.found.length
          ? html`<ul class="found" aria-label=${t.t("search.results")}>
            ${this.found.map(
              (p) => html`<li>
                <button type="button" aria-label=${t.t("search.add.label", { title: p.title })} @click=${() => this.add(p)}>${t.t("search.add")}</button>
                <span>${p.title} <span class="hint mono">${p.slug}</span> · ${t.t(`difficulty.${p.difficulty}`)}${p.visibility === "private" ? ` · ${t.t("search.private")}` : ""}</span>
              </li>`,
            )}
          </ul>`
          : nothing
      }`;
  }

  private renderTimes(draft: Draft) {
    const t = this.i18n.current;
    const zone = timeZoneName();
    return html`<fieldset ?disabled=${!this.canEdit}>
      <legend>${t.t("times.legend")}</legend>
      <p class="hint" id="zone-hint">${t.t("times.zone", { zone })}</p>
      <div class="row">
        <div>
          <label for="opens-at">${t.t("field.opensAt")}</label>
          <input id="opens-at" type="datetime-local" aria-describedby="zone-hint" .value=${draft.opensAt}
            @input=${(e: Event) => this.change({ opensAt: (e.target as HTMLInputElement).value })} />
        </div>
        <div>
          <label for="due-at">${t.t("field.dueAt")}</label>
          <input id="due-at" type="datetime-local" aria-describedby="zone-hint" .value=${draft.dueAt}
            @input=${(e: Event) => this.change({ dueAt: (e.target as HTMLInputElement).value })} />
        </div>
      </div>
      <div class="choice">
        <input id="accept-late" type="checkbox" .checked=${draft.acceptLate} ?disabled=${!draft.dueAt}
          aria-describedby="late-hint"
          @change=${(e: Event) => this.change({ acceptLate: (e.target as HTMLInputElement).checked })} />
        <label class="inline" for="accept-late">${t.t("times.late")}</label>
      </div>
      <p class="hint" id="late-hint">${t.t(draft.dueAt ? "times.late.hint" : "times.late.needsDue")}</p>
      ${
        draft.acceptLate && draft.dueAt
          ? html`<div class="row">
            <div>
              <label for="penalty">${t.t("times.penalty")}</label>
              <input id="penalty" type="number" min="0" max="100" step="any" required .value=${draft.penaltyPerDay}
                @input=${(e: Event) => this.change({ penaltyPerDay: (e.target as HTMLInputElement).value })} />
            </div>
            <div>
              <label for="accept-until">${t.t("times.until")}</label>
              <input id="accept-until" type="datetime-local" aria-describedby="zone-hint" .value=${draft.acceptUntil}
                @input=${(e: Event) => this.change({ acceptUntil: (e.target as HTMLInputElement).value })} />
            </div>
          </div>`
          : nothing
      }
      <div class="row">
        <div>
          <label for="time-limit">${t.t("times.limit")}</label>
          <input id="time-limit" type="number" min="1" max="1440" step="1" aria-describedby="limit-hint"
            .value=${draft.timeLimit}
            @input=${(e: Event) => this.change({ timeLimit: (e.target as HTMLInputElement).value })} />
        </div>
      </div>
      <p class="hint" id="limit-hint">${t.t("times.limit.hint")}</p>
    </fieldset>`;
  }

  private renderTutor(draft: Draft) {
    const t = this.i18n.current;
    return html`<fieldset ?disabled=${!this.canEdit}>
      <legend>${t.t("tutor.legend")}</legend>
      ${TUTOR_CHOICES.map(
        (value) => html`<div class="choice">
          <input type="radio" id="tutor-${value}" name="tutor" .value=${value} .checked=${draft.tutor === value}
            @change=${() => this.change({ tutor: value, tutorChosen: true })} />
          <label class="inline" for="tutor-${value}">${t.t(`tutor.${value}`)}</label>
          <span class="hint">${t.t(`tutor.${value}.hint`)}</span>
        </div>`,
      )}
      ${draft.tutorChosen ? nothing : html`<p class="hint">${t.t("tutor.default")}</p>`}
    </fieldset>`;
  }

  /** What the API objected to, each message under its field's label; empty (no margin) when nothing. */
  private renderErrors() {
    const details = this.details.length
      ? html`<ul>${this.details.map((d) => html`<li>${labelOf(this.i18n.current, d.path)}: ${d.message}</li>`)}</ul>`
      : nothing;
    return html`<div class="error" role="alert" id="save-error" tabindex="-1">${this.error ? html`${this.error}${details}` : nothing}</div>`;
  }

  private renderDelete() {
    const saved = this.saved;
    if (!saved || !this.canEdit) return nothing;
    const t = this.i18n.current;
    return html`<section aria-labelledby="delete-title">
      <h2 id="delete-title">${t.t("delete.title")}</h2>
      ${
        this.confirmDelete
          ? inlineConfirm({
              label: t.t("delete.label", { title: saved.title }),
              text: t.t("delete.text", { title: saved.title }),
              yes: t.t("delete.yes"),
              no: t.t("delete.no"),
              yesId: "confirm-delete",
              busy: this.busy,
              onYes: () => void this.destroy(),
              onNo: async () => {
                this.confirmDelete = false;
                await this.updateComplete;
                this.renderRoot.querySelector<HTMLElement>("#delete")?.focus();
              },
            })
          : html`<div class="actions"><button type="button" id="delete" class="danger" ?disabled=${this.busy}
              @click=${async () => {
                this.confirmDelete = true;
                await this.updateComplete;
                this.renderRoot.querySelector<HTMLElement>("#confirm-delete")?.focus();
              }}>${t.t("delete.button")}</button></div>`
      }
    </section>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const back = html`<p><a href=${this.coursePath} @click=${(e: MouseEvent) => followLink(e, this, this.coursePath)}>${t.t("back", { course: this.course?.name ?? t.t("back.course") })}</a></p>`;
    const draft = this.draft;
    if (!draft) {
      return this.missing
        ? html`${back}<h1>${t.t("heading")}</h1><p class="error" role="alert">${this.missing}</p>`
        : html`${back}<p role="status">${t.t("loading")}</p>`;
    }
    const title = this.saved ? this.saved.title : t.t("new");
    return html`
      ${back}
      <h1>${title}</h1>
      ${this.canEdit ? nothing : html`<p class="hint">${t.t("readOnly")}</p>`}
      ${
        this.saved
          ? html`<p class="hint">${fill(t.t("id"), {
              element: html`<code>&lt;cg-problem assignment&gt;</code>`,
              id: html`<code data-testid="assignment-id">${this.saved.id}</code>`,
            })}</p>`
          : nothing
      }
      <form @submit=${this.save} novalidate aria-describedby="save-error">
        <fieldset ?disabled=${!this.canEdit}>
          <legend>${t.t("about")}</legend>
          <label for="title">${t.t("field.title")}</label>
          <input id="title" required maxlength="200" autocomplete="off" .value=${draft.title}
            @input=${(e: Event) => this.change({ title: (e.target as HTMLInputElement).value })} />
        </fieldset>
        ${this.renderProblems(draft)}
        ${this.renderTimes(draft)}
        ${this.renderTutor(draft)}
        ${this.renderErrors()}
        <p class="ok" role="status" id="save-notice" tabindex="-1">${this.notice}</p>
        ${
          this.canEdit
            ? html`<div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.t(
                this.saved ? "save" : "create",
              )}</button></div>`
            : nothing
        }
      </form>
      ${this.renderDelete()}
    `;
  }
}
customElements.define("cg-assignment-editor", CgAssignmentEditor);
