import type { GradebookAssignment, GradebookLearner, LearnerSubmission } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { api, describe } from "./api.js";
import { formatTime, verdictText } from "./gradebook-data.js";
import { portalLocale } from "./locale.js";
import { gradebookMessages } from "./locales/gradebook/index.js";
import { fill } from "./message-markup.js";
import { portalStyles } from "./styles.js";

/** The problem a cell stands for: one problem of one assignment. */
export interface ProblemRef {
  assignmentId: string;
  problem: string;
}

/**
 * A learner's submissions in the course's assignments, newest first, as staff review them: the
 * verdict, when, whether late, the code and each test's verdict (a hidden test shows its verdict
 * only). Opened on one problem, it can widen to all of them.
 *
 * @fires cg-close - the person is done with it
 */
export class CgLearnerSubmissions extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: block;
        --gb-warn: #9a6700;
      }
      @media (prefers-color-scheme: dark) {
        :host {
          --gb-warn: #d29922;
        }
      }
      section.panel {
        background: var(--cg-bg);
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: baseline;
        justify-content: space-between;
      }
      .head h2 {
        margin: 0;
        overflow-wrap: anywhere;
      }
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ol > li {
        border-top: 1px solid var(--cg-border);
        padding: 0.75rem 0;
      }
      h3 {
        font-size: 1rem;
        margin: 0 0 0.25rem;
        overflow-wrap: anywhere;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: center;
        margin: 0 0 0.5rem;
      }
      .verdict {
        font-weight: 700;
      }
      .verdict.accepted {
        color: var(--cg-ok);
      }
      .verdict.failed {
        color: var(--cg-bad);
      }
      .late {
        font-weight: 700;
        color: var(--gb-warn);
      }
      pre {
        font-family: var(--cg-mono-font);
        font-size: 0.875rem;
        background: var(--cg-panel);
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.75rem;
        margin: 0 0 0.5rem;
        overflow-x: auto;
        max-height: 24rem;
        max-width: 100%;
        white-space: pre;
      }
      ul.tests {
        margin: 0;
        padding-inline-start: 1.25rem;
      }
    `,
  ];
  static override properties = {
    courseId: { attribute: false },
    learner: { attribute: false },
    assignments: { attribute: false },
    only: { attribute: false },
    submissions: { state: true },
    error: { state: true },
    all: { state: true },
  };
  declare courseId: string;
  declare learner: GradebookLearner;
  /** Every assignment of the course, for titles. */
  declare assignments: readonly GradebookAssignment[];
  /** The problem the panel was opened on; null for all of the learner's submissions. */
  declare only: ProblemRef | null;
  declare submissions: LearnerSubmission[] | undefined;
  declare error: string;
  /** Showing every problem's submissions, though opened on one. */
  declare all: boolean;
  private i18n = new I18nController(this, gradebookMessages);

  constructor() {
    super();
    this.courseId = "";
    this.assignments = [];
    this.only = null;
    this.submissions = undefined;
    this.error = "";
    this.all = false;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("learner") || changed.has("courseId")) {
      this.submissions = undefined;
      void this.refresh();
    }
    if (changed.has("only") || changed.has("learner")) this.all = false;
  }

  /** Reads the learner's submissions again (a new one was judged). */
  async refresh() {
    const learnerId = this.learner.id;
    try {
      const list = await api<LearnerSubmission[]>(
        "GET",
        `/courses/${encodeURIComponent(this.courseId)}/learners/${encodeURIComponent(learnerId)}/submissions`,
      );
      if (this.learner.id !== learnerId) return;
      this.submissions = list;
      this.error = "";
    } catch (err) {
      this.error = describe(err);
    }
  }

  /** Puts the keyboard on the panel's heading, so what it says is read first. */
  async focusHeading() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("h2")?.focus();
  }

  private close() {
    this.dispatchEvent(new CustomEvent("cg-close", { bubbles: true, composed: true }));
  }

  private titleOf(assignmentId: string | null) {
    return (
      this.assignments.find((a) => a.id === assignmentId)?.title ??
      this.i18n.current.t("panel.someAssignment")
    );
  }

  /** "two-sum in Week 1", the problem's slug in code type. */
  private problemIn(problem: string, assignmentId: string | null) {
    return fill(this.i18n.current.t("panel.problemIn", { assignment: this.titleOf(assignmentId) }), {
      problem: html`<span class="mono">${problem}</span>`,
    });
  }

  private renderSubmission(s: LearnerSubmission) {
    const t = this.i18n.current;
    const verdict = s.state === "done" ? verdictText(t, s.verdict) : t.t("judging");
    const testName = (test: LearnerSubmission["tests"][number]) => {
      const ordinal = String(test.ordinal);
      if (test.name)
        return t.t(test.hidden ? "test.named.hidden" : "test.named", { ordinal, name: test.name });
      return t.t(test.hidden ? "test.hidden" : "test", { ordinal });
    };
    return html`<li>
      <h3>${this.problemIn(s.problem, s.assignmentId)}</h3>
      <p class="meta">
        <span class="verdict ${s.verdict === "accepted" ? "accepted" : s.verdict ? "failed" : ""}">${verdict}</span>
        <time datetime=${s.createdAt}>${formatTime(t, s.createdAt)}</time>
        ${s.late ? html`<span class="late">${t.t("late")}</span>` : nothing}
        <span class="hint">${s.language}</span>
      </p>
      <pre tabindex="0"><code>${s.code}</code></pre>
      ${
        s.tests.length
          ? html`<ul class="tests" aria-label=${t.t("tests")}>
            ${s.tests.map(
              (test) => html`<li>
                ${testName(test)}
                <span class="verdict ${test.verdict === "accepted" ? "accepted" : "failed"}">${verdictText(t, test.verdict)}</span>${
                  test.hidden
                    ? nothing
                    : html` <span class="hint">${t.t("test.ms", { ms: String(test.timeMs) })}</span>`
                }
              </li>`,
            )}
          </ul>`
          : html`<p class="hint">${t.t("tests.none")}</p>`
      }
    </li>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const only = this.all ? null : this.only;
    const shown = (this.submissions ?? []).filter(
      (s) => !only || (s.assignmentId === only.assignmentId && s.problem === only.problem),
    );
    const learner = this.learner.name;
    const what = only
      ? t.t("panel.problemIn", { problem: only.problem, assignment: this.titleOf(only.assignmentId) })
      : t.t("panel.all");
    return html`<section class="panel" aria-labelledby="submissions-title"
      @keydown=${(e: KeyboardEvent) => e.key === "Escape" && this.close()}>
      <div class="head">
        <h2 id="submissions-title" tabindex="-1">${t.t("panel.title", { learner, what })}</h2>
        <button type="button" @click=${this.close}>${t.t("panel.close")}<span class="visually-hidden"> ${t.t("panel.close.whose", { learner })}</span></button>
      </div>
      <p class="hint">${fill(t.t("panel.id"), { id: html`<span class="mono">${this.learner.id}</span>` })}</p>
      ${
        this.only
          ? html`<div class="actions"><button type="button" id="widen"
              @click=${() => {
                this.all = !this.all;
              }}>${
                this.all
                  ? t.t("panel.only", {
                      problem: this.only.problem,
                      assignment: this.titleOf(this.only.assignmentId),
                    })
                  : t.t("panel.widen", { learner })
              }</button></div>`
          : nothing
      }
      <p class="error" role="alert">${this.error}</p>
      ${
        this.submissions === undefined
          ? this.error
            ? nothing
            : html`<p role="status">${t.t("loading.submissions")}</p>`
          : shown.length === 0
            ? html`<p>${only ? t.t("submissions.none.problem", { problem: only.problem }) : t.t("submissions.none")}</p>`
            : html`<ol aria-label=${t.t("submissions")}>${shown.map((s) => this.renderSubmission(s))}</ol>`
      }
    </section>`;
  }
}
customElements.define("cg-learner-submissions", CgLearnerSubmissions);
