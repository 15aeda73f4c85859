import type { GradebookAssignment, ProblemStatistics } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing } from "lit";
import { formatPoints, formatRate, type Text } from "./gradebook-data.js";
import { portalLocale } from "./locale.js";
import { gradebookMessages } from "./locales/gradebook/index.js";
import { portalStyles } from "./styles.js";

/** "test #2 (large input): failed 17 times", or what to say when no hidden test failed. */
export function hardestText(t: Text, stat: ProblemStatistics): string {
  const test = stat.hardestHiddenTest;
  if (!test) return t.t("hardest.none");
  const params = { ordinal: String(test.ordinal), count: test.failures };
  return test.name ? t.t("hardest.named", { ...params, name: test.name }) : t.t("hardest", params);
}

/**
 * How the class did on each problem of the assignments shown: solve rate, median attempts, and
 * the hidden test that fails most (where to look when many are stuck).
 */
export class CgGradebookStats extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
        gap: 0.75rem;
      }
      li {
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        padding: 0.75rem;
        background: var(--cg-panel);
      }
      h3 {
        font-size: 1.05rem;
        margin: 1rem 0 0.5rem;
      }
      h4 {
        font-size: 1rem;
        margin: 0 0 0.5rem;
        overflow-wrap: anywhere;
      }
      dl {
        margin: 0;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.2rem 0.75rem;
      }
      dt {
        color: var(--cg-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];
  static override properties = {
    assignments: { attribute: false },
    statistics: { attribute: false },
  };
  declare assignments: readonly GradebookAssignment[];
  declare statistics: readonly ProblemStatistics[];
  private i18n = new I18nController(this, gradebookMessages);

  constructor() {
    super();
    this.assignments = [];
    this.statistics = [];
  }

  private renderProblem(assignment: GradebookAssignment, slug: string) {
    const stat = this.statistics.find((s) => s.assignmentId === assignment.id && s.problem === slug);
    const t = this.i18n.current;
    return html`<li>
      <h4 class="mono">${slug}</h4>
      ${
        !stat || stat.learnersAttempted === 0
          ? html`<p class="hint">${t.t("stats.untried")}</p>`
          : html`<dl>
            <dt>${t.t("stats.rate")}</dt>
            <dd>${formatRate(t, stat.solveRate)} <span class="hint">${t.t("stats.rate.of", { solved: String(stat.learnersSolved), count: stat.learnersAttempted })}</span></dd>
            <dt>${t.t("stats.median")}</dt>
            <dd>${stat.medianAttempts === null ? "–" : formatPoints(t, stat.medianAttempts)}</dd>
            <dt>${t.t("stats.hardest")}</dt>
            <dd>${hardestText(t, stat)}</dd>
          </dl>`
      }
    </li>`;
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const assignments = this.assignments.filter((a) => a.problems.length > 0);
    if (assignments.length === 0) return nothing;
    return assignments.map(
      (a) => html`<h3>${a.title}</h3>
        <ul aria-label=${t.t("stats.label", { title: a.title })}>${a.problems.map((p) => this.renderProblem(a, p.slug))}</ul>`,
    );
  }
}
customElements.define("cg-gradebook-stats", CgGradebookStats);
