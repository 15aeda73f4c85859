import type { Course, Gradebook, GradebookCell, GradebookLearner, ProblemStatistics } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { ApiError, api, describe } from "./api.js";
import { type CgGradebookGrid, type OpenRequest, totalKey } from "./cg-gradebook-grid.js";
import type { CgLearnerSubmissions, ProblemRef } from "./cg-learner-submissions.js";
import {
  changesText,
  changeText,
  collatorOf,
  columnsOf,
  keyOfCell,
  type Row,
  rowsOf,
  type Sort,
  type SortKey,
} from "./gradebook-data.js";
import { type StreamState, watchGradebook } from "./gradebook-stream.js";
import { inlineConfirm } from "./inline-confirm.js";
import { followLink } from "./links.js";
import { portalLocale } from "./locale.js";
import { type GradebookKey, gradebookMessages } from "./locales/gradebook/index.js";
import { portalStyles } from "./styles.js";
import "./cg-gradebook-grid.js";
import "./cg-gradebook-stats.js";
import "./cg-learner-submissions.js";

/** How long a changed cell stays highlighted. */
const FLASH_MS = 2500;
/** Typing settles this long before the search applies. */
const SEARCH_DELAY_MS = 250;
/** Changes arriving together are announced together, at most this often. */
const ANNOUNCE_MS = 500;
/** Statistics are read again this long after the last change. */
const STATISTICS_DELAY_MS = 3000;

const STREAM_TEXT: Record<StreamState, GradebookKey> = {
  connecting: "stream.connecting",
  live: "stream.live",
  reconnecting: "stream.reconnecting",
};

/** The learner whose submissions are open, and the problem they were opened on. */
interface Opened {
  learner: GradebookLearner;
  only: ProblemRef | null;
  from: string;
}

/**
 * A course's gradebook for its staff at `/courses/<id>/gradebook`: learners × assignment problems
 * (scores, verdicts, attempts, late marks), filtered by assignment, searched and sorted; cells
 * change live as submissions are judged (and the change is announced); per-problem statistics; a
 * learner's submissions with their code; the CSV. Learners and strangers are told it is not theirs.
 */
export class CgGradebook extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: flex-end;
      }
      .toolbar > div {
        flex: 0 1 auto;
        min-width: 0;
      }
      .toolbar select,
      .toolbar input {
        min-width: min(16rem, 100%);
      }
      .toolbar .download {
        margin-bottom: 0.4rem;
      }
      @media (max-width: 40rem) {
        .toolbar > div:not(.download) {
          flex: 1 1 100%;
        }
      }
      .live {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        margin: 0.75rem 0 0.5rem;
      }
      .live .state::before {
        content: "";
        display: inline-block;
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        margin-inline-end: 0.4rem;
        background: var(--cg-muted);
      }
      .live .state.on::before {
        background: var(--cg-ok);
      }
      .said {
        font-weight: 600;
        margin: 0;
      }
      .said:empty {
        display: none;
      }
    `,
  ];
  static override properties = {
    courseId: { attribute: false },
    course: { state: true },
    refusal: { state: true },
    error: { state: true },
    book: { state: true },
    cells: { state: true },
    statistics: { state: true },
    assignment: { state: true },
    search: { state: true },
    sort: { state: true },
    flashing: { state: true },
    said: { state: true },
    stream: { state: true },
    opened: { state: true },
    erasing: { state: true },
    busy: { state: true },
  };
  /** The course (from the address `/courses/<id>/gradebook`). */
  declare courseId: string;
  declare course: Course | undefined;
  /** Why the gradebook is not shown to this viewer (not staff, no such course): its message. */
  declare refusal: "" | "refused.staff" | "refused.missing";
  declare error: string;
  declare book: Gradebook | undefined;
  /** The gradebook's cells by learner, assignment and problem, patched as changes arrive. */
  declare cells: ReadonlyMap<string, GradebookCell>;
  declare statistics: ProblemStatistics[] | undefined;
  /** The assignment shown; "" for all of them. */
  declare assignment: string;
  declare search: string;
  declare sort: Sort;
  declare flashing: ReadonlySet<string>;
  /** The last changes, as the live region says them. */
  declare said: string;
  declare stream: StreamState | null;
  declare opened: Opened | null;
  /** The learner whose course data the confirmation asks to erase, while it is open. */
  declare erasing: GradebookLearner | null;
  declare busy: boolean;

  private stopStream: (() => void) | undefined;
  private loading = false;
  private loadAgain = false;
  /** Cells that arrived while the gradebook was being read: newer than what it answers. */
  private arrived: GradebookCell[] = [];
  private toSay: string[] = [];
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private sayTimer: ReturnType<typeof setTimeout> | undefined;
  private statisticsTimer: ReturnType<typeof setTimeout> | undefined;
  private i18n = new I18nController(this, gradebookMessages);

  constructor() {
    super();
    this.courseId = "";
    this.reset();
  }

  private reset() {
    this.course = undefined;
    this.refusal = "";
    this.error = "";
    this.book = undefined;
    this.cells = new Map();
    this.statistics = undefined;
    this.assignment = "";
    this.search = "";
    this.sort = { key: "name", direction: "ascending" };
    this.flashing = new Set();
    this.said = "";
    this.stream = null;
    this.opened = null;
    this.erasing = null;
    this.busy = false;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("courseId") && this.courseId) {
      this.stop();
      this.reset();
      void this.start();
    }
  }

  override connectedCallback() {
    super.connectedCallback();
    // Back on the page (the element kept): live again.
    if (this.course && !this.refusal && !this.stopStream) this.listen();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stop();
  }

  private get path() {
    return `/courses/${encodeURIComponent(this.courseId)}`;
  }

  /** The course first (is the viewer staff?), then the gradebook, its statistics and the live stream. */
  private async start() {
    const courseId = this.courseId;
    try {
      const course = await api<Course>("GET", this.path);
      if (courseId !== this.courseId) return;
      this.course = course;
      if (course.role === "learner") {
        this.refusal = "refused.staff";
        return;
      }
    } catch (err) {
      this.refuse(err);
      return;
    }
    if (this.isConnected) this.listen();
    void this.load();
    void this.loadStatistics();
  }

  /** A 403 or 404 is said plainly (the viewer is not staff, or not in the course); anything else as it is. */
  private refuse(err: unknown) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
      this.refusal = err.status === 403 ? "refused.staff" : "refused.missing";
      this.stop();
    } else {
      this.error = describe(err);
    }
  }

  private listen() {
    this.stopStream = watchGradebook(this.courseId, {
      cell: (cell) => this.changed(cell),
      ready: () => void this.load(),
      state: (state) => {
        this.stream = state;
      },
    });
  }

  private stop() {
    this.stopStream?.();
    this.stopStream = undefined;
    for (const timer of [...this.timers, this.searchTimer, this.sayTimer, this.statisticsTimer]) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.toSay = [];
    this.flashing = new Set();
  }

  private later(ms: number, fn: () => void) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Reads the whole gradebook; one read at a time, another after it if asked meanwhile. */
  private async load() {
    if (this.loading) {
      this.loadAgain = true;
      return;
    }
    this.loading = true;
    this.arrived = [];
    const courseId = this.courseId;
    try {
      const book = await api<Gradebook>("GET", `${this.path}/gradebook`);
      if (courseId !== this.courseId) return;
      const cells = new Map(book.cells.map((c) => [keyOfCell(c), c]));
      for (const c of this.arrived) cells.set(keyOfCell(c), c);
      this.book = book;
      this.cells = cells;
      if (this.assignment && !book.assignments.some((a) => a.id === this.assignment)) this.assignment = "";
      this.error = "";
    } catch (err) {
      this.refuse(err);
    } finally {
      this.loading = false;
      this.arrived = [];
      if (this.loadAgain && !this.refusal) {
        this.loadAgain = false;
        void this.load();
      }
    }
  }

  private async loadStatistics() {
    try {
      this.statistics = await api<ProblemStatistics[]>("GET", `${this.path}/gradebook/statistics`);
    } catch (err) {
      if (!this.statistics) this.statistics = [];
      this.error ||= describe(err);
    }
  }

  /** A judged submission changed a cell: patch it in place, highlight it, say it. */
  private changed(cell: GradebookCell) {
    if (this.loading) this.arrived.push(cell);
    const learner = this.book?.learners.find((l) => l.id === cell.learnerId);
    const known = this.book?.assignments.find((a) => a.id === cell.assignmentId);
    if (!learner || !known?.problems.some((p) => p.slug === cell.problem)) {
      // A learner or assignment new since the page read the gradebook.
      void this.load();
      return;
    }
    const cells = new Map(this.cells);
    cells.set(keyOfCell(cell), cell);
    this.cells = cells;
    this.flash([keyOfCell(cell), totalKey(cell.learnerId)]);
    this.announce(changeText(this.i18n.current, learner.name, cell));
    clearTimeout(this.statisticsTimer);
    this.statisticsTimer = setTimeout(() => void this.loadStatistics(), STATISTICS_DELAY_MS);
    if (this.opened?.learner.id === cell.learnerId) {
      void this.renderRoot.querySelector<CgLearnerSubmissions>("cg-learner-submissions")?.refresh();
    }
  }

  private flash(keys: string[]) {
    this.flashing = new Set([...this.flashing, ...keys]);
    this.later(FLASH_MS, () => {
      const left = new Set(this.flashing);
      for (const key of keys) left.delete(key);
      this.flashing = left;
    });
  }

  private announce(text: string) {
    this.toSay.push(text);
    clearTimeout(this.sayTimer);
    this.sayTimer = setTimeout(() => {
      this.said = changesText(this.i18n.current, this.toSay);
      this.toSay = [];
    }, ANNOUNCE_MS);
  }

  private typed(event: InputEvent) {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.search = value;
    }, SEARCH_DELAY_MS);
  }

  private sortBy(key: SortKey) {
    const same = this.sort.key === key;
    const flipped = this.sort.direction === "ascending" ? "descending" : "ascending";
    // Names read A to Z first; totals highest first.
    this.sort = { key, direction: same ? flipped : key === "name" ? "ascending" : "descending" };
  }

  private open(request: OpenRequest) {
    const learner = this.book?.learners.find((l) => l.id === request.learnerId);
    if (!learner) return;
    this.opened = {
      learner,
      only:
        request.assignmentId && request.problem
          ? { assignmentId: request.assignmentId, problem: request.problem }
          : null,
      from: request.from,
    };
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<CgLearnerSubmissions>("cg-learner-submissions")?.focusHeading(),
    );
  }

  private close() {
    const from = this.opened?.from;
    this.opened = null;
    if (from) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<CgGradebookGrid>("cg-gradebook-grid")?.focusCell(from),
      );
    }
  }

  /** Owners and instructors erase a learner's data; TAs only read. */
  private get mayErase() {
    return this.course?.role === "owner" || this.course?.role === "instructor";
  }

  private askErase(learner: GradebookLearner) {
    this.erasing = learner;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#erase-yes")?.focus());
  }

  private cancelErase() {
    this.erasing = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#erase-start")?.focus());
  }

  /**
   * Erases one learner's submissions and conversations in this course (a portal member, or a
   * site's learner by its reference): their row leaves the grid, the panel closes.
   */
  private async erase(learner: GradebookLearner) {
    this.busy = true;
    this.error = "";
    try {
      await api("DELETE", `${this.path}/learners/${encodeURIComponent(learner.id)}`);
      const book = this.book;
      if (book) this.book = { ...book, learners: book.learners.filter((l) => l.id !== learner.id) };
      this.cells = new Map([...this.cells].filter(([, cell]) => cell.learnerId !== learner.id));
      this.erasing = null;
      this.opened = null;
      this.said = this.i18n.current.t("erase.done", { learner: learner.name });
      void this.loadStatistics();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>("#search")?.focus();
    } catch (err) {
      this.error = describe(err);
    } finally {
      this.busy = false;
    }
  }

  /** Below a learner's submissions: erasing their data from this course, asked once more where it starts. */
  private renderErase(learner: GradebookLearner) {
    if (!this.mayErase) return nothing;
    const t = this.i18n.current;
    const name = learner.name;
    if (this.erasing?.id === learner.id) {
      return inlineConfirm({
        label: t.t("erase.label", { learner: name }),
        text: t.t("erase.text", { learner: name, course: this.course?.name ?? "" }),
        yes: t.t("erase.yes", { learner: name }),
        no: t.t("erase.no"),
        yesId: "erase-yes",
        busy: this.busy,
        onYes: () => void this.erase(learner),
        onNo: () => this.cancelErase(),
      });
    }
    return html`<div class="actions"><button type="button" id="erase-start" class="danger" ?disabled=${this.busy}
      @click=${() => this.askErase(learner)}>${t.t("erase.start", { learner: name })}</button></div>`;
  }

  private renderToolbar(book: Gradebook, rows: Row[]) {
    const t = this.i18n.current;
    const search = this.search.trim();
    const total = String(book.learners.length);
    return html`<div class="toolbar">
        <div>
          <label for="assignment">${t.t("toolbar.assignment")}</label>
          <select id="assignment" .value=${this.assignment}
            @change=${(e: Event) => {
              this.assignment = (e.target as HTMLSelectElement).value;
            }}>
            <option value="" ?selected=${this.assignment === ""}>${t.t("toolbar.all")}</option>
            ${book.assignments.map(
              (a) => html`<option value=${a.id} ?selected=${this.assignment === a.id}>${a.title}</option>`,
            )}
          </select>
        </div>
        <div role="search">
          <label for="search">${t.t("toolbar.search")}</label>
          <input id="search" type="search" maxlength="200" autocomplete="off" placeholder=${t.t("toolbar.search.placeholder")}
            @input=${this.typed} />
        </div>
        <div class="download">
          <a class="button" href="/api/v1${this.path}/gradebook.csv" download>${t.t("toolbar.csv")}</a>
          <span class="hint">${t.t("toolbar.csv.hint")}</span>
        </div>
      </div>
      <p class="hint" aria-live="polite">${
        search
          ? t.t("toolbar.showing", { shown: String(rows.length), count: total, q: search })
          : t.t("toolbar.learners", { count: total })
      }</p>
      <p class="hint">${t.t("toolbar.help")}</p>
      <div class="live">
        <span class="state hint ${this.stream === "live" ? "on" : ""}">${this.stream ? t.t(STREAM_TEXT[this.stream]) : ""}</span>
        <p class="said" role="status">${this.said}</p>
      </div>`;
  }

  private renderBook(book: Gradebook) {
    const t = this.i18n.current;
    const assignments = this.assignment
      ? book.assignments.filter((a) => a.id === this.assignment)
      : book.assignments;
    const columns = columnsOf(assignments);
    const rows = rowsOf(book.learners, columns, this.cells, {
      search: this.search,
      sort: this.sort,
      collator: collatorOf(t),
    });
    const grid =
      book.assignments.length === 0
        ? html`<p>${t.t("empty.assignments")}</p>`
        : book.learners.length === 0
          ? html`<p>${t.t("empty.learners")}</p>`
          : rows.length === 0
            ? html`<p>${t.t("empty.search", { q: this.search.trim() })}</p>`
            : html`<cg-gradebook-grid .assignments=${assignments} .rows=${rows} .cells=${this.cells}
                .sort=${this.sort} .flashing=${this.flashing}
                @cg-sort=${(e: CustomEvent<SortKey>) => this.sortBy(e.detail)}
                @cg-open=${(e: CustomEvent<OpenRequest>) => this.open(e.detail)}></cg-gradebook-grid>`;
    return html`
      ${this.renderToolbar(book, rows)}
      ${grid}
      ${
        this.opened
          ? html`<cg-learner-submissions .courseId=${this.courseId} .learner=${this.opened.learner}
              .assignments=${book.assignments} .only=${this.opened.only}
              @cg-close=${this.close}></cg-learner-submissions>
            ${this.renderErase(this.opened.learner)}`
          : nothing
      }
      <section aria-labelledby="statistics-title">
        <h2 id="statistics-title">${t.t("stats.title")}</h2>
        <p class="hint">${t.t("stats.hint")}</p>
        ${
          this.statistics === undefined
            ? html`<p role="status">${t.t("stats.loading")}</p>`
            : html`<cg-gradebook-stats .assignments=${assignments} .statistics=${this.statistics}></cg-gradebook-stats>`
        }
      </section>
    `;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const coursePath = this.path;
    const back = this.course
      ? html`<p><a href=${coursePath} @click=${(e: MouseEvent) => followLink(e, this, coursePath)}>${t.t("back.course", { course: this.course.name })}</a></p>`
      : html`<p><a href="/courses" @click=${(e: MouseEvent) => followLink(e, this, "/courses")}>${t.t("back")}</a></p>`;
    if (this.refusal) {
      return html`${back}<h1>${t.t("title")}</h1><p class="error" role="alert">${t.t(this.refusal)}</p>`;
    }
    return html`
      ${back}
      <h1>${t.t("title")}</h1>
      ${this.course ? html`<p class="hint">${t.t("intro", { course: this.course.name })}</p>` : nothing}
      <p class="error" role="alert">${this.error}</p>
      ${this.book ? this.renderBook(this.book) : this.error ? nothing : html`<p role="status">${t.t("loading")}</p>`}
    `;
  }
}
customElements.define("cg-gradebook", CgGradebook);
