import type { LearnerAssignment, ProblemView, RunResult, Submission, TestOutcome } from "@codeground/sdk";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { type LearnerClient, WidgetApiError } from "./api.js";
import type { CgAssignmentBar } from "./cg-assignment-bar.js";
import { lineDiff, MAX_DIFF_ROWS } from "./diff.js";
import { type DraftStore, memoryDrafts } from "./drafts.js";
import type { Editor } from "./editor.js";
import { createEditor } from "./editor.js";
import { I18nController, requestedLocale, type Translator } from "./i18n.js";
import { isProblemKey, type ProblemKey, problemMessages } from "./locales/problem/index.js";
import type { ErrorDetail, ResultDetail, RunDetail } from "./protocol.js";
import { themeStyles } from "./theme.js";
import { verdictText } from "./verdicts.js";

type T = Translator<ProblemKey>;

const LANGUAGE_NAMES: Record<string, string> = {
  python: "Python",
  javascript: "JavaScript",
  typescript: "TypeScript",
  java: "Java",
  cpp: "C++",
  c: "C",
  go: "Go",
  rust: "Rust",
  ruby: "Ruby",
  php: "PHP",
  kotlin: "Kotlin",
  csharp: "C#",
  lua: "Lua",
  r: "R",
  haskell: "Haskell",
  scala: "Scala",
  bash: "Bash",
  perl: "Perl",
  sqlite: "SQL",
  pascal: "Pascal",
  fortran: "Fortran",
  ocaml: "OCaml",
};

/**
 * Error codes with a message of our own in every language. The widget's own errors always read
 * from the catalog; the API's read from it in other languages only, since in English the API's
 * sentence says more (a time, a limit) than ours.
 */
const ERROR_KEYS: Readonly<Record<string, ProblemKey>> = {
  unexpected: "error.unexpected",
  verdict_late: "error.verdict_late",
  assignment_not_open: "error.assignment_not_open",
  assignment_closed: "closed",
  attempt_not_started: "error.attempt_not_started",
  attempt_over: "over",
  rate_limited: "error.rate_limited",
  problem_not_found: "error.problem_not_found",
  assignment_not_found: "error.assignment_not_found",
  sandbox_unavailable: "error.sandbox_unavailable",
};
const WIDGET_ERRORS: ReadonlySet<string> = new Set(["unexpected", "verdict_late"]);

/** Statuses in which the API refuses a submission now. */
const CLOSED_STATUSES: ReadonlySet<LearnerAssignment["status"]> = new Set([
  "not_open",
  "not_started",
  "attempt_over",
  "closed",
]);

/** Whether the API would take a submission for `assignment` now (as of its last answer). */
const acceptsSubmissions = (assignment: LearnerAssignment): boolean =>
  !CLOSED_STATUSES.has(assignment.status);

/** Narrow or touch screens: stacked layouts, 44 px tap targets, a sticky action bar, no key hints. */
const SMALL = css`(max-width: 40rem), (pointer: coarse)`;

/** What the results panel shows: the last run of the samples, or the submission being judged. */
type Outcome =
  | { kind: "run"; result: RunResult }
  | {
      kind: "submission";
      submission: Submission | undefined;
      tests: TestOutcome[];
      total: number;
      /** Queued again because no sandbox answered; judged once one does. */
      waiting?: boolean;
    };

/**
 * One coding exercise: the statement, an editor with the starter code, Run (sample tests) and
 * Submit (every test, followed live), and the results with an expected-versus-actual diff.
 *
 * Its words come in the learner's language (`locale`, else the nearest `lang`, else the browser's),
 * laid out right to left for Arabic; the code is never mirrored. From 320 px up it never grows
 * wider than its container: on narrow or touch screens the toolbar wraps and sticks to the top,
 * tap targets are 44 px, the diff stacks and key hints hide.
 *
 * @fires cg-ready - The problem has loaded. `detail: { element: "problem", problem }`
 * @fires cg-run - The sample tests ran. `detail: RunDetail`
 * @fires cg-result - A submission was judged. `detail: { verdict, submissionId, problem, passed, total }`
 * @fires cg-error - Loading, running or submitting failed (an assignment's refusal included:
 *   `assignment_not_open`, `assignment_closed`, `attempt_not_started`, `attempt_over`). `detail: { code, message }`
 * @csspart base - The whole exercise.
 * @csspart header - Title and difficulty.
 * @csspart statement - The problem statement.
 * @csspart toolbar - Language picker and buttons.
 * @csspart language-picker - The language `<select>`.
 * @csspart run-button - The Run button.
 * @csspart submit-button - The Submit button.
 * @csspart editor - The code editor's container.
 * @csspart results - The results panel.
 * @csspart diff - An expected-versus-actual table.
 * @csspart assignment - The assignment bar (due time, Late mark, Start attempt, time left).
 * @cssprop --cg-font - Text font.
 * @cssprop --cg-mono-font - Code font.
 * @cssprop --cg-bg - Background.
 * @cssprop --cg-fg - Text colour.
 * @cssprop --cg-accent - Primary button and links.
 * @cssprop --cg-ok - Passed tests.
 * @cssprop --cg-bad - Failed tests.
 * @cssprop --cg-sticky-top - Where the toolbar sticks on small screens (a frame sets how far the page has scrolled past it).
 */
@customElement("cg-problem")
export class CgProblem extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host {
        min-width: 0;
      }
      .base {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.75rem;
        padding: 0.75rem;
        min-width: 0;
      }
      .base > * {
        min-width: 0;
      }
      header {
        display: flex;
        align-items: baseline;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
      h1 {
        font-size: 1.25rem;
        margin: 0;
        overflow-wrap: break-word;
      }
      .difficulty {
        color: var(--cg-muted);
        font-size: 0.875rem;
        text-transform: capitalize;
      }
      .statement {
        overflow-wrap: break-word;
      }
      .statement :is(pre, code) {
        font-family: var(--cg-mono-font);
        background: var(--cg-editor-bg);
        border-radius: 4px;
        /* Code reads left to right on a right-to-left page too. */
        direction: ltr;
        unicode-bidi: isolate;
      }
      .statement pre {
        text-align: left;
        padding: 0.5rem;
        max-width: 100%;
        /* Wrapped, not scrolled: a phone shows the whole line, and no box needs its own scrolling. */
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .statement table {
        display: block;
        max-width: 100%;
        overflow-x: auto;
      }
      .statement :is(img, video, svg) {
        max-width: 100%;
        height: auto;
      }
      .statement a {
        color: var(--cg-link);
      }
      .toolbar {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .toolbar > span {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-width: 0;
      }
      .actions {
        margin-inline-start: auto;
      }
      select {
        font: inherit;
        color: var(--cg-fg);
        background: var(--cg-bg);
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.25em 0.5em;
        min-width: 0;
      }
      kbd {
        font-family: var(--cg-mono-font);
        font-size: 0.75em;
      }
      .editor {
        width: 100%;
      }
      .verdict {
        font-weight: 600;
      }
      .ok {
        color: var(--cg-ok);
      }
      .bad {
        color: var(--cg-bad);
      }
      ol.tests {
        list-style: none;
        padding: 0;
        margin: 0.5rem 0 0;
        display: grid;
        gap: 0.5rem;
      }
      ol.tests > li {
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.5rem 0.75rem;
        min-width: 0;
      }
      summary {
        cursor: pointer;
      }
      summary > span {
        margin-inline-end: 0.5rem;
      }
      summary > .meta {
        white-space: nowrap;
      }
      .meta {
        color: var(--cg-muted);
        font-size: 0.875rem;
      }
      pre.io {
        font-family: var(--cg-mono-font);
        background: var(--cg-editor-bg);
        padding: 0.4rem 0.6rem;
        margin: 0.25rem 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        border-radius: 4px;
      }
      table.diff {
        border-collapse: collapse;
        font-family: var(--cg-mono-font);
        font-size: 0.875rem;
        margin-top: 0.25rem;
        width: 100%;
        table-layout: fixed;
      }
      table.diff thead th:first-child {
        width: 4.5em;
      }
      table.diff caption {
        text-align: start;
        font-family: var(--cg-font);
        color: var(--cg-muted);
      }
      table.diff th,
      table.diff td {
        border: 1px solid var(--cg-border);
        padding: 0.15rem 0.4rem;
        text-align: start;
        white-space: pre-wrap;
        vertical-align: top;
      }
      table.diff td {
        overflow-wrap: anywhere;
      }
      table.diff tr.differs td {
        background: var(--cg-diff-bg);
      }
      .alert {
        border: 1px solid var(--cg-bad);
        border-radius: var(--cg-radius);
        padding: 0.5rem 0.75rem;
        overflow-wrap: anywhere;
      }
      progress {
        width: 12rem;
        max-width: 100%;
        vertical-align: middle;
      }
      /* Expected and yours one under the other: each row a block, its cells named by their column. */
      @media (max-width: 40rem) {
        table.diff,
        table.diff :is(caption, tbody, tr, th, td) {
          display: block;
        }
        table.diff thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
        }
        table.diff tbody tr {
          border: 1px solid var(--cg-border);
          border-radius: 4px;
          margin-block-start: 0.25rem;
        }
        table.diff tbody :is(th, td) {
          border: 0;
        }
        table.diff tbody :is(th, td)::before {
          content: attr(data-label) " ";
          content: attr(data-label) " " / "";
          font-family: var(--cg-font);
          color: var(--cg-muted);
        }
        table.diff tbody td::before {
          display: block;
        }
      }
      @media ${SMALL} {
        kbd {
          display: none;
        }
        button,
        select,
        summary {
          min-height: 44px;
          min-width: 44px;
        }
        summary {
          box-sizing: border-box;
          padding-block: 0.55rem;
        }
        .toolbar {
          position: sticky;
          top: var(--cg-sticky-top, 0px);
          z-index: 1;
          background: var(--cg-bg);
          padding-block: 0.25rem;
        }
        .picker {
          flex: 1 1 auto;
        }
        .actions {
          flex: 1 1 100%;
        }
        .actions button {
          flex: 1 1 0;
        }
      }
    `,
  ];

  /** The problem's slug. */
  @property({ reflect: true }) accessor problem = "";
  /** The language to start in, when the problem offers it. */
  @property({ reflect: true }) accessor language = "";
  /**
   * An assignment's id: submissions count for it, and the due time, a "Late" mark, and for a
   * timed assignment Start attempt and the time left show above the editor.
   */
  @property({ reflect: true }) accessor assignment = "";
  /**
   * The language of the words, numbers and dates (the host page's `lang`); by default the nearest
   * `lang` attribute, then the browser's. English where there is no catalog for it.
   */
  @property() accessor locale = "";
  /** `auto` (default: the page's `prefers-color-scheme`), `light` or `dark`. */
  @property({ reflect: true }) accessor theme: "light" | "dark" | "auto" = "auto";
  /** The learner's API client (`createLearnerClient`). */
  @property({ attribute: false }) accessor client: LearnerClient | undefined = undefined;
  /** Where drafts are kept; by default only in memory. */
  @property({ attribute: false }) accessor drafts: DraftStore = memoryDrafts();
  /** The page's CSP nonce, passed to the editor's styles. */
  @property({ attribute: false }) accessor cspNonce: string | undefined = undefined;

  @state() accessor view: ProblemView | undefined = undefined;
  @state() accessor current = "";
  @state() accessor busy: "run" | "submit" | undefined = undefined;
  @state() accessor outcome: Outcome | undefined = undefined;
  @state() accessor failure: ErrorDetail | undefined = undefined;
  @state() accessor task: LearnerAssignment | undefined = undefined;
  @state() accessor starting = false;
  @state() accessor timeUp = false;

  private readonly i18n = new I18nController(this, problemMessages);
  private editor: Editor | undefined;
  private editorLabel = "";
  private loaded = "";
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private following: AbortController | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.following?.abort();
    this.editor?.destroy();
    this.editor = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("problem") || changed.has("client")) && this.client && this.problem !== this.loaded) {
      this.loaded = this.problem;
      void this.load();
    }
  }

  protected override updated(): void {
    // A statement's table wider than the screen scrolls in its own box: the keyboard reaches it too.
    for (const table of this.renderRoot.querySelectorAll<HTMLElement>(".statement table")) {
      if (table.scrollWidth > table.clientWidth) table.tabIndex = 0;
      else table.removeAttribute("tabindex");
    }
    const host = this.renderRoot.querySelector<HTMLElement>(".editor");
    const label = this.i18n.current.t("editor", { language: LANGUAGE_NAMES[this.current] ?? this.current });
    if (this.editor && label !== this.editorLabel) this.editor.setLabel(label);
    this.editorLabel = label;
    if (host && this.view && !this.editor) {
      this.editor = createEditor({
        parent: host,
        root: this.renderRoot as ShadowRoot,
        doc: this.startingCode(this.current),
        language: this.current,
        label,
        ...(this.cspNonce ? { nonce: this.cspNonce } : {}),
        onChange: (code) => this.keepDraft(code),
        onRun: () => void this.run(),
        onSubmit: () => void this.submit(),
      });
    }
  }

  private async load() {
    const client = this.client;
    if (!client) return;
    this.failure = undefined;
    try {
      const [view] = await Promise.all([client.problem(this.problem), this.readAssignment()]);
      this.current = view.languages.includes(this.language) ? this.language : (view.languages[0] ?? "");
      this.editor?.destroy();
      this.editor = undefined;
      this.view = view;
      await this.i18n.ready();
      this.emit("cg-ready", { element: "problem", problem: view.slug });
    } catch (err) {
      this.fail(err);
    }
  }

  /** Reads where the learner stands with the assignment (nothing without one). */
  private async readAssignment(): Promise<void> {
    if (!this.assignment || !this.client) return;
    // The bar is a chunk of its own: most exercises belong to no assignment.
    const [task] = await Promise.all([
      this.client.assignment(this.assignment),
      import("./cg-assignment-bar.js"),
    ]);
    this.task = task;
    this.timeUp = this.task.status === "attempt_over";
  }

  /** Whether Submit is refused before asking: the API said so, or the countdown ran out. */
  private get submitClosed(): boolean {
    return !!this.task && (this.timeUp || !acceptsSubmissions(this.task));
  }

  /** Starts the learner's timed attempt, then shows the time left. */
  async startAttempt(): Promise<void> {
    if (!this.client || !this.assignment || this.starting) return;
    this.starting = true;
    this.failure = undefined;
    try {
      await this.client.startAttempt(this.assignment);
      await this.readAssignment();
      await this.updateComplete;
      const bar = this.renderRoot.querySelector<CgAssignmentBar>("cg-assignment-bar");
      await bar?.updateComplete;
      bar?.focusTimer();
    } catch (err) {
      this.fail(err);
    } finally {
      this.starting = false;
    }
  }

  private onTimeUp() {
    this.timeUp = true;
    // The API's word is final (a late policy, a closed assignment): ask it again.
    void this.readAssignment().catch(() => undefined);
  }

  private startingCode(language: string): string {
    return this.drafts.get(this.problem, language) ?? this.view?.starter[language] ?? "";
  }

  private keepDraft(code: string) {
    const problem = this.problem;
    const language = this.current;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.drafts.set(problem, language, code), 300);
  }

  private switchLanguage(event: Event) {
    const next = (event.target as HTMLSelectElement).value;
    if (!this.editor || next === this.current) return;
    clearTimeout(this.saveTimer);
    this.drafts.set(this.problem, this.current, this.editor.code);
    this.current = next;
    this.editor.replace(this.startingCode(next));
    void this.editor.setLanguage(next);
  }

  private emit<K extends "cg-ready" | "cg-run" | "cg-result" | "cg-error">(name: K, detail: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private fail(err: unknown) {
    const detail: ErrorDetail =
      err instanceof WidgetApiError
        ? { code: err.code, message: err.message }
        : { code: "unexpected", message: this.i18n.current.t("error.unexpected") };
    this.failure = detail;
    this.emit("cg-error", detail);
  }

  /** Runs the sample tests (Ctrl/Cmd+Enter). */
  async run(): Promise<void> {
    if (!this.client || !this.editor || this.busy) return;
    const code = this.editor.code;
    if (!code.trim()) return;
    this.busy = "run";
    this.failure = undefined;
    try {
      const result = await this.client.run(this.problem, { language: this.current, code });
      this.outcome = { kind: "run", result };
      const detail: RunDetail = {
        problem: this.problem,
        language: this.current,
        verdict: result.verdict,
        passed: result.passed,
        total: result.total,
      };
      this.emit("cg-run", detail);
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = undefined;
    }
  }

  /** Submits for judging on every test and follows the verdicts as they come (Ctrl/Cmd+Shift+Enter). */
  async submit(): Promise<void> {
    if (!this.client || !this.editor || this.busy || this.submitClosed) return;
    const code = this.editor.code;
    if (!code.trim()) return;
    this.busy = "submit";
    this.failure = undefined;
    this.following?.abort();
    const following = new AbortController();
    this.following = following;
    try {
      const created = await this.client.submit(this.problem, {
        language: this.current,
        code,
        ...(this.assignment ? { assignmentId: this.assignment } : {}),
      });
      const total = this.view?.testCount ?? created.total;
      this.outcome = { kind: "submission", submission: undefined, tests: [], total };
      let final = created.state === "done" ? created : undefined;
      if (!final) {
        try {
          for await (const event of this.client.events(created.id, following.signal)) {
            if (event.type === "test") {
              const sofar: TestOutcome[] = this.outcome?.kind === "submission" ? this.outcome.tests : [];
              const tests = [...sofar, event.test];
              this.outcome = { kind: "submission", submission: undefined, tests, total };
            } else if (event.type === "state") {
              // A run lost to the infrastructure starts over: its tests stream again.
              const waiting = event.waitingForJudge === true;
              this.outcome = { kind: "submission", submission: undefined, tests: [], total, waiting };
            } else if (event.type === "done") {
              final = event.submission;
            }
          }
        } catch (err) {
          if (following.signal.aborted) throw err;
        }
      }
      // The stream broke off (a proxy, a network change): ask for the verdict instead.
      final ??= await this.awaitVerdict(created.id, following.signal);
      this.outcome = { kind: "submission", submission: final, tests: final.tests, total: final.total };
      const detail: ResultDetail = {
        verdict: final.verdict ?? "internal_error",
        submissionId: final.id,
        problem: final.problem,
        passed: final.passed,
        total: final.total,
      };
      this.emit("cg-result", detail);
    } catch (err) {
      if (!following.signal.aborted) this.fail(err);
      // A refusal for the assignment's sake (time up, closed): show where the learner stands now.
      if (this.assignment && err instanceof WidgetApiError && err.status === 403) {
        await this.readAssignment().catch(() => undefined);
      }
    } finally {
      this.busy = undefined;
    }
  }

  /** Reads a submission until it is judged, more slowly as time goes on (about two minutes). */
  private async awaitVerdict(id: string, signal: AbortSignal): Promise<Submission> {
    for (let attempt = 0; attempt < 40 && !signal.aborted; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 1.25 ** attempt, 5000)));
      const submission = await this.client?.submission(id);
      if (submission?.state === "done") return submission;
    }
    throw new WidgetApiError(0, "verdict_late", this.i18n.current.t("error.verdict_late"));
  }

  private onKeydown(event: KeyboardEvent) {
    // The editor handles these itself (and marks them handled); this covers the toolbar and results.
    if (event.defaultPrevented || event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    void (event.shiftKey ? this.submit() : this.run());
  }

  override render() {
    const t = this.i18n.request(this.locale, requestedLocale(this));
    const view = this.view;
    // The host's own `dir` wins (inherited through the shadow root); else the language's.
    const dir = this.hasAttribute("dir") ? nothing : t.dir;
    if (!view) {
      return html`<div part="base" class="base" lang=${t.locale} dir=${dir} aria-busy=${this.failure ? "false" : "true"}>
        ${this.failure ? this.renderFailure(t) : html`<p role="status">${t.t("loading")}</p>`}
      </div>`;
    }
    const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : t.t("key.ctrl");
    const difficulty = `difficulty.${view.difficulty}`;
    return html`<div part="base" class="base" lang=${t.locale} dir=${dir} @keydown=${this.onKeydown}>
      <header part="header">
        <h1 id="title">${view.title}</h1>
        <span class="difficulty">${isProblemKey(difficulty) ? t.t(difficulty) : view.difficulty}</span>
      </header>
      ${
        this.task
          ? html`<cg-assignment-bar
              part="assignment"
              .assignment=${this.task}
              .locale=${this.locale || requestedLocale(this)}
              .starting=${this.starting}
              @cg-attempt-start=${() => void this.startAttempt()}
              @cg-time-up=${this.onTimeUp}
            ></cg-assignment-bar>`
          : nothing
      }
      <div part="statement" class="statement">${unsafeHTML(view.statementHtml)}</div>
      <div part="toolbar" class="toolbar" role="toolbar" aria-label=${t.t("toolbar")}>
        <span class="picker">
          <label for="language">${t.t("language")}</label>
          <select id="language" part="language-picker" .value=${this.current} @change=${this.switchLanguage}>
            ${view.languages.map(
              (id) =>
                html`<option value=${id} ?selected=${id === this.current}>${LANGUAGE_NAMES[id] ?? id}</option>`,
            )}
          </select>
        </span>
        <span class="actions">
          <button part="run-button" ?disabled=${!!this.busy} @click=${() => this.run()} aria-keyshortcuts="Control+Enter Meta+Enter">
            ${this.busy === "run" ? t.t("running") : t.t("run")} <kbd>${t.t("key.run", { mod })}</kbd>
          </button>
          <button
            part="submit-button"
            class="primary"
            ?disabled=${!!this.busy || this.submitClosed}
            @click=${() => this.submit()}
            aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter"
          >
            ${this.busy === "submit" ? t.t("judging") : t.t("submit")} <kbd>${t.t("key.submit", { mod })}</kbd>
          </button>
        </span>
      </div>
      <div part="editor" class="editor" dir="ltr"></div>
      <section part="results" class="results" aria-label=${t.t("results")} aria-live="polite" aria-busy=${this.busy && !this.waitingForJudge ? "true" : "false"}>
        ${this.failure ? this.renderFailure(t) : nothing} ${this.renderOutcome(t)}
      </section>
    </div>`;
  }

  /** Waiting for a judge is news to announce, not work in progress to hold back (aria-busy). */
  private get waitingForJudge(): boolean {
    return this.outcome?.kind === "submission" && !this.outcome.submission && this.outcome.waiting === true;
  }

  private renderFailure(t: T) {
    return html`<div class="alert" role="alert"><strong>${this.failureText(t)}</strong></div>`;
  }

  /** The failure in the learner's language where we have words for it, else the API's message. */
  private failureText(t: T): string {
    const { code = "", message = "" } = this.failure ?? {};
    const key = ERROR_KEYS[code];
    return key && (WIDGET_ERRORS.has(code) || t.locale !== "en") ? t.t(key) : message;
  }

  private renderOutcome(t: T) {
    const outcome = this.outcome;
    if (!outcome) return nothing;
    if (outcome.kind === "run") {
      const r = outcome.result;
      const params = {
        verdict: verdictText(t, r.verdict),
        passed: r.passed,
        total: r.total,
        count: r.passed,
      };
      return html`<p class="verdict ${r.verdict === "accepted" ? "ok" : "bad"}" data-verdict=${r.verdict}>
          ${t.t("result.run", params)}
        </p>
        ${r.message ? html`<pre class="io" dir="auto">${r.message}</pre>` : nothing} ${this.renderTests(t, r.tests)}`;
    }
    const s = outcome.submission;
    if (!s && outcome.waiting) {
      return html`<p role="status" data-waiting>${t.t("waiting")}</p>`;
    }
    if (!s) {
      const done = outcome.tests.length;
      return html`<p role="status">
          ${t.t("progress", { done, total: outcome.total, count: outcome.total })}
          <progress max=${outcome.total} value=${done} aria-label=${t.t("progress.label")}></progress>
        </p>
        ${this.renderTests(t, outcome.tests)}`;
    }
    const params = { verdict: verdictText(t, s.verdict), passed: s.passed, total: s.total, count: s.passed };
    return html`<p class="verdict ${s.verdict === "accepted" ? "ok" : "bad"}" data-verdict=${s.verdict ?? ""}>
        ${t.t("result.submission", params)}
      </p>
      ${s.message ? html`<pre class="io" dir="auto">${s.message}</pre>` : nothing} ${this.renderTests(t, s.tests)}`;
  }

  /** One folded entry per test: failed ones open, with the input, the diff and the errors. */
  private renderTests(t: T, tests: readonly TestOutcome[]) {
    if (!tests.length) return nothing;
    const ms = (n: number) => t.number(n, { style: "unit", unit: "millisecond", unitDisplay: "short" });
    const mb = (kb: number) =>
      t.number(Math.round(kb / 1024), { style: "unit", unit: "megabyte", unitDisplay: "short" });
    return html`<ol class="tests">
      ${tests.map((test) => {
        const ok = test.verdict === "accepted";
        const n = test.index + 1;
        const label = test.name ?? (test.sample ? t.t("test.sample", { n }) : t.t("test.hidden", { n }));
        return html`<li data-test=${test.index} data-verdict=${test.verdict}>
          <details ?open=${!ok}>
            <summary>
              <span class="verdict ${ok ? "ok" : "bad"}"><span aria-hidden="true">${ok ? "✓" : "✗"}</span> ${verdictText(t, test.verdict)}</span>
              <span>${label}</span>
              <span class="meta">${ms(test.timeMs)} · ${mb(test.memoryKb)}</span>
            </summary>
            ${test.input !== undefined ? html`<div class="meta">${t.t("input")}</div><pre class="io" dir="auto">${test.input}</pre>` : nothing}
            ${
              !ok && test.expected !== undefined && test.stdout !== undefined
                ? this.renderDiff(t, test.expected, test.stdout)
                : nothing
            }
            ${!ok && test.stderr ? html`<div class="meta">${t.t("errors")}</div><pre class="io" dir="auto">${test.stderr}</pre>` : nothing}
          </details>
        </li>`;
      })}
    </ol>`;
  }

  private renderDiff(t: T, expected: string, actual: string) {
    const { rows, truncated } = lineDiff(expected, actual);
    const [line, want, got, missing] = [
      t.t("diff.line"),
      t.t("diff.expected"),
      t.t("diff.actual"),
      html`<em>${t.t("diff.missing")}</em>`,
    ];
    const differs = html`<span class="visually-hidden"> ${t.t("diff.differs")}</span>`;
    return html`<table part="diff" class="diff">
      <caption>${t.t("diff.caption")}${truncated ? ` ${t.t("diff.first", { count: MAX_DIFF_ROWS })}` : ""}</caption>
      <thead>
        <tr><th scope="col">${line}</th><th scope="col">${want}</th><th scope="col">${got}</th></tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr class=${row.same ? "" : "differs"}>
            <th scope="row" data-label=${line}>${t.number(row.line)}${row.same ? "" : differs}</th>
            <td data-label=${want} dir="auto">${row.expected ?? missing}</td>
            <td data-label=${got} dir="auto">${row.actual ?? missing}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "cg-problem": CgProblem;
  }
}
