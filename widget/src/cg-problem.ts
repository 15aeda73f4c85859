import type { LearnerAssignment, ProblemView, RunResult, Submission, TestOutcome } from "@codeground/sdk";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { type LearnerClient, WidgetApiError } from "./api.js";
import { acceptsSubmissions, type CgAssignmentBar } from "./cg-assignment-bar.js";
import "./cg-assignment-bar.js";
import { lineDiff } from "./diff.js";
import { type DraftStore, memoryDrafts } from "./drafts.js";
import type { Editor } from "./editor.js";
import { createEditor } from "./editor.js";
import type { ErrorDetail, ResultDetail, RunDetail } from "./protocol.js";
import { themeStyles } from "./theme.js";
import { verdictText } from "./verdicts.js";

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
 */
@customElement("cg-problem")
export class CgProblem extends LitElement {
  static override styles = [
    themeStyles,
    css`
      .base {
        display: grid;
        gap: 0.75rem;
        padding: 0.75rem;
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
      }
      .difficulty {
        color: var(--cg-muted);
        font-size: 0.875rem;
        text-transform: capitalize;
      }
      .statement :is(pre, code) {
        font-family: var(--cg-mono-font);
        background: var(--cg-editor-bg);
        border-radius: 4px;
      }
      .statement pre {
        padding: 0.5rem;
        overflow: auto;
      }
      .statement a {
        color: var(--cg-accent);
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .toolbar .spacer {
        flex: 1;
      }
      select {
        font: inherit;
        color: var(--cg-fg);
        background: var(--cg-bg);
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.25em 0.5em;
      }
      kbd {
        font-family: var(--cg-mono-font);
        font-size: 0.75em;
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
        border-radius: 4px;
      }
      table.diff {
        border-collapse: collapse;
        font-family: var(--cg-mono-font);
        font-size: 0.875rem;
        margin-top: 0.25rem;
        width: 100%;
      }
      table.diff caption {
        text-align: left;
        font-family: var(--cg-font);
        color: var(--cg-muted);
      }
      table.diff th,
      table.diff td {
        border: 1px solid var(--cg-border);
        padding: 0.15rem 0.4rem;
        text-align: left;
        white-space: pre-wrap;
        vertical-align: top;
      }
      table.diff tr.differs td {
        background: var(--cg-diff-bg);
      }
      .alert {
        border: 1px solid var(--cg-bad);
        border-radius: var(--cg-radius);
        padding: 0.5rem 0.75rem;
      }
      progress {
        width: 12rem;
        vertical-align: middle;
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
  /** The locale dates are written in (the host page's `lang`); the browser's by default. */
  @property() accessor locale = "";
  /** `light` (default) or `dark`. */
  @property({ reflect: true }) accessor theme: "light" | "dark" = "light";
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

  private editor: Editor | undefined;
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
    const host = this.renderRoot.querySelector<HTMLElement>(".editor");
    if (host && this.view && !this.editor) {
      this.editor = createEditor({
        parent: host,
        root: this.renderRoot as ShadowRoot,
        doc: this.startingCode(this.current),
        language: this.current,
        label: `Your ${LANGUAGE_NAMES[this.current] ?? this.current} code`,
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
      await this.updateComplete;
      this.emit("cg-ready", { element: "problem", problem: view.slug });
    } catch (err) {
      this.fail(err);
    }
  }

  /** Reads where the learner stands with the assignment (nothing without one). */
  private async readAssignment(): Promise<void> {
    if (!this.assignment || !this.client) return;
    this.task = await this.client.assignment(this.assignment);
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
        : {
            code: "unexpected",
            message: "Something went wrong in the exercise; reload the page to try again.",
          };
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
    throw new WidgetApiError(0, "verdict_late", "The verdict is taking long; reload the page to see it.");
  }

  private onKeydown(event: KeyboardEvent) {
    // The editor handles these itself (and marks them handled); this covers the toolbar and results.
    if (event.defaultPrevented || event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    void (event.shiftKey ? this.submit() : this.run());
  }

  override render() {
    const view = this.view;
    if (!view) {
      return html`<div part="base" class="base" aria-busy=${this.failure ? "false" : "true"}>
        ${this.failure ? this.renderFailure() : html`<p role="status">Loading the exercise…</p>`}
      </div>`;
    }
    const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl";
    return html`<div part="base" class="base" @keydown=${this.onKeydown}>
      <header part="header">
        <h1 id="title">${view.title}</h1>
        <span class="difficulty">${view.difficulty}</span>
      </header>
      ${
        this.task
          ? html`<cg-assignment-bar
              part="assignment"
              .assignment=${this.task}
              .locale=${this.locale}
              .starting=${this.starting}
              @cg-attempt-start=${() => void this.startAttempt()}
              @cg-time-up=${this.onTimeUp}
            ></cg-assignment-bar>`
          : nothing
      }
      <div part="statement" class="statement">${unsafeHTML(view.statementHtml)}</div>
      <div part="toolbar" class="toolbar" role="toolbar" aria-label="Code actions">
        <label for="language">Language</label>
        <select id="language" part="language-picker" .value=${this.current} @change=${this.switchLanguage}>
          ${view.languages.map(
            (id) =>
              html`<option value=${id} ?selected=${id === this.current}>${LANGUAGE_NAMES[id] ?? id}</option>`,
          )}
        </select>
        <span class="spacer"></span>
        <button part="run-button" ?disabled=${!!this.busy} @click=${() => this.run()} aria-keyshortcuts="Control+Enter Meta+Enter">
          ${this.busy === "run" ? "Running…" : "Run"} <kbd>${mod}+Enter</kbd>
        </button>
        <button
          part="submit-button"
          class="primary"
          ?disabled=${!!this.busy || this.submitClosed}
          @click=${() => this.submit()}
          aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter"
        >
          ${this.busy === "submit" ? "Judging…" : "Submit"} <kbd>${mod}+Shift+Enter</kbd>
        </button>
      </div>
      <div part="editor" class="editor"></div>
      <section part="results" class="results" aria-label="Results" aria-live="polite" aria-busy=${this.busy && !this.waitingForJudge ? "true" : "false"}>
        ${this.failure ? this.renderFailure() : nothing} ${this.renderOutcome()}
      </section>
    </div>`;
  }

  /** Waiting for a judge is news to announce, not work in progress to hold back (aria-busy). */
  private get waitingForJudge(): boolean {
    return this.outcome?.kind === "submission" && !this.outcome.submission && this.outcome.waiting === true;
  }

  private renderFailure() {
    return html`<div class="alert" role="alert"><strong>${this.failure?.message}</strong></div>`;
  }

  private renderOutcome() {
    const outcome = this.outcome;
    if (!outcome) return nothing;
    if (outcome.kind === "run") {
      const r = outcome.result;
      return html`<p class="verdict ${r.verdict === "accepted" ? "ok" : "bad"}" data-verdict=${r.verdict}>
          Sample tests: ${verdictText(r.verdict)} — ${r.passed} of ${r.total} passed
        </p>
        ${r.message ? html`<pre class="io">${r.message}</pre>` : nothing} ${this.renderTests(r.tests)}`;
    }
    const s = outcome.submission;
    if (!s && outcome.waiting) {
      return html`<p role="status" data-waiting>Waiting for a judge…</p>`;
    }
    if (!s) {
      return html`<p role="status">
          Judging: ${outcome.tests.length} of ${outcome.total} tests
          <progress max=${outcome.total} value=${outcome.tests.length} aria-label="Tests judged"></progress>
        </p>
        ${this.renderTests(outcome.tests)}`;
    }
    return html`<p class="verdict ${s.verdict === "accepted" ? "ok" : "bad"}" data-verdict=${s.verdict ?? ""}>
        Submission: ${verdictText(s.verdict)} — ${s.passed} of ${s.total} tests passed
      </p>
      ${s.message ? html`<pre class="io">${s.message}</pre>` : nothing} ${this.renderTests(s.tests)}`;
  }

  private renderTests(tests: readonly TestOutcome[]) {
    if (!tests.length) return nothing;
    return html`<ol class="tests">
      ${tests.map((test) => {
        const ok = test.verdict === "accepted";
        const label =
          test.name ?? (test.sample ? `Sample ${test.index + 1}` : `Hidden test ${test.index + 1}`);
        return html`<li data-test=${test.index} data-verdict=${test.verdict}>
          <span class="verdict ${ok ? "ok" : "bad"}">${ok ? "✓" : "✗"} ${verdictText(test.verdict)}</span>
          <span>${label}</span>
          <span class="meta">${test.timeMs} ms · ${Math.round(test.memoryKb / 1024)} MB</span>
          ${test.input !== undefined ? html`<div class="meta">Input</div><pre class="io">${test.input}</pre>` : nothing}
          ${
            !ok && test.expected !== undefined && test.stdout !== undefined
              ? this.renderDiff(test.expected, test.stdout)
              : nothing
          }
          ${!ok && test.stderr ? html`<div class="meta">Errors</div><pre class="io">${test.stderr}</pre>` : nothing}
        </li>`;
      })}
    </ol>`;
  }

  private renderDiff(expected: string, actual: string) {
    const { rows, truncated } = lineDiff(expected, actual);
    return html`<table part="diff" class="diff">
      <caption>Expected output and yours, line by line${truncated ? " (first 200 lines)" : ""}</caption>
      <thead>
        <tr><th scope="col">Line</th><th scope="col">Expected</th><th scope="col">Your output</th></tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr class=${row.same ? "" : "differs"}>
            <th scope="row">${row.line}${row.same ? "" : html`<span class="visually-hidden"> (differs)</span>`}</th>
            <td>${row.expected ?? html`<em>(missing)</em>`}</td>
            <td>${row.actual ?? html`<em>(missing)</em>`}</td>
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
