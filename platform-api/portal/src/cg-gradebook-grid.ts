import type { GradebookAssignment, GradebookCell } from "@codeground/sdk";
import { I18nController } from "@codeground/widget/i18n";
import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import {
  attemptsText,
  badgeText,
  type Column,
  cellKey,
  columnsOf,
  formatPoints,
  formatTime,
  pointsText,
  type Row,
  type Sort,
  type SortKey,
  stateOf,
} from "./gradebook-data.js";
import { moveInGrid } from "./grid-navigation.js";
import { portalLocale } from "./locale.js";
import { gradebookMessages } from "./locales/gradebook/index.js";
import { fill } from "./message-markup.js";
import { portalStyles } from "./styles.js";

/** What opening a cell asks for: a learner's submissions, to one problem or all of them. */
export interface OpenRequest {
  learnerId: string;
  assignmentId?: string;
  problem?: string;
  /** The grid cell it came from, for the keyboard to come back to. */
  from: string;
}

/** Parts of a grid cell's id (the separator cannot be in a learner id the page shows). */
const SEP = "\u001f";
const idOf = (...parts: string[]) => parts.join(SEP);
/** The flash key of a learner's total. */
export const totalKey = (learnerId: string) => idOf("total", learnerId);

/**
 * The gradebook grid: a row per learner, a column per problem of each assignment (grouped under
 * it), each cell its score, verdict, attempts and late mark. A data grid as WAI-ARIA has it: one
 * tab stop, arrow keys (Home, End, Page Up and Down, Ctrl+Home and End) move between cells, Enter
 * opens the cell. The grid scrolls sideways inside its own box, the learner column kept in view.
 *
 * @fires cg-sort - `detail`: the column to sort by ("name" or "total")
 * @fires cg-open - `detail`: an {@link OpenRequest}
 */
export class CgGradebookGrid extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: block;
        min-width: 0;
        --gb-warn: #9a6700;
        --gb-learner: 12rem;
      }
      @media (prefers-color-scheme: dark) {
        :host {
          --gb-warn: #d29922;
        }
      }
      @media (max-width: 40rem) {
        :host {
          --gb-learner: 8.5rem;
        }
      }
      .scroller {
        /* Contains the cells' visually hidden text, which would otherwise widen the page. */
        position: relative;
        overflow-x: auto;
        max-width: 100%;
        border: 1px solid var(--cg-border);
        border-radius: var(--cg-radius);
        scroll-padding-inline-start: var(--gb-learner);
      }
      table {
        border-collapse: separate;
        border-spacing: 0;
        width: max-content;
        min-width: 100%;
      }
      th,
      td {
        padding: 0.35rem 0.5rem;
        white-space: nowrap;
        vertical-align: middle;
        background: var(--cg-bg);
      }
      thead th {
        background: var(--cg-panel);
        vertical-align: bottom;
      }
      th.group {
        border-inline-start: 1px solid var(--cg-border);
        text-align: start;
      }
      th.problem,
      td.first {
        border-inline-start: 1px solid var(--cg-border);
      }
      .sticky {
        position: sticky;
        inset-inline-start: 0;
        z-index: 1;
        width: var(--gb-learner);
        min-width: var(--gb-learner);
        max-width: var(--gb-learner);
        border-inline-end: 1px solid var(--cg-border);
        box-sizing: border-box;
      }
      tbody th.sticky {
        font-weight: 400;
      }
      .title {
        display: block;
        font-weight: 700;
        white-space: normal;
        min-width: 8rem;
      }
      .sub {
        display: block;
        color: var(--cg-muted);
        font-size: 0.8rem;
        font-weight: 400;
      }
      button.plain {
        background: none;
        border: 1px solid transparent;
        color: inherit;
        padding: 0.1rem 0.25rem;
        font: inherit;
        text-align: start;
      }
      button.sort {
        font-weight: 700;
      }
      button.learner {
        color: var(--cg-accent);
        text-decoration: underline;
        display: block;
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      @media (prefers-color-scheme: dark) {
        button.learner {
          color: #4493f8;
        }
      }
      button.cell {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.2rem 0.4rem;
        width: 100%;
        min-width: 7rem;
        padding: 0.25rem 0.35rem;
        border-radius: var(--cg-radius);
      }
      button.plain:hover {
        border-color: var(--cg-border);
      }
      .score {
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        min-width: 2ch;
      }
      td.total {
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        text-align: end;
      }
      .badge {
        font-size: 0.8rem;
        font-weight: 600;
        padding: 0 0.4rem;
        border: 1px solid currentColor;
        border-radius: 999px;
      }
      .badge.solved {
        color: var(--cg-ok);
      }
      .badge.attempted {
        color: var(--cg-bad);
      }
      .badge.untried {
        color: var(--cg-muted);
        border-style: dashed;
      }
      .late {
        font-size: 0.8rem;
        font-weight: 700;
        color: var(--gb-warn);
      }
      .scroller :focus-visible {
        outline-offset: -3px;
      }
      .flash {
        animation: flash 2.5s ease-out;
      }
      @keyframes flash {
        from {
          box-shadow: inset 0 0 0 3px var(--gb-warn);
        }
        to {
          box-shadow: inset 0 0 0 3px transparent;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .flash {
          animation: none;
          box-shadow: inset 0 0 0 3px var(--gb-warn);
        }
      }
    `,
  ];
  static override properties = {
    assignments: { attribute: false },
    rows: { attribute: false },
    cells: { attribute: false },
    sort: { attribute: false },
    flashing: { attribute: false },
    active: { state: true },
  };
  /** The assignments whose problems are the columns. */
  declare assignments: readonly GradebookAssignment[];
  declare rows: readonly Row[];
  declare cells: ReadonlyMap<string, GradebookCell>;
  declare sort: Sort;
  /** Cells (by `cellKey`) and totals (by `totalKey`) that just changed. */
  declare flashing: ReadonlySet<string>;
  /** The grid's one tab stop: the cell the keyboard is on. */
  declare active: string;
  /** The assignments shown (those with problems) and their problems, in order. */
  private shown: readonly GradebookAssignment[] = [];
  private columns: readonly Column[] = [];
  /** Every cell's id by row and column, spans repeated: what the arrow keys move over. */
  private matrix: string[][] = [];
  private i18n = new I18nController(this, gradebookMessages);

  constructor() {
    super();
    this.assignments = [];
    this.rows = [];
    this.cells = new Map();
    this.sort = { key: "name", direction: "ascending" };
    this.flashing = new Set();
    this.active = "head:learner";
  }

  /** Puts the keyboard on a cell (coming back from a learner's submissions, say). */
  async focusCell(id: string) {
    this.active = id;
    await this.updateComplete;
    const target = [...this.renderRoot.querySelectorAll<HTMLElement>("[data-cell]")].find(
      (el) => el.dataset.cell === id,
    );
    target?.focus();
  }

  private keydown(event: KeyboardEvent) {
    const from = (event.target as HTMLElement).closest<HTMLElement>("[data-cell]")?.dataset.cell;
    if (!from) return;
    const rtl = getComputedStyle(this).direction === "rtl";
    const to = moveInGrid(this.matrix, from, event.key, event.ctrlKey || event.metaKey, rtl);
    if (to === null) return;
    event.preventDefault();
    void this.focusCell(to);
  }

  private focusin(event: FocusEvent) {
    const id = (event.target as HTMLElement).closest<HTMLElement>("[data-cell]")?.dataset.cell;
    if (id) this.active = id;
  }

  private tab(id: string) {
    return id === this.active ? 0 : -1;
  }

  private emit<T>(name: string, detail: T) {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }

  private sortHeader(key: SortKey, label: string, extra: unknown) {
    const sorted = this.sort.key === key;
    const id = `head:${key === "name" ? "learner" : "total"}`;
    return html`<th scope="col" rowspan="2" class=${key === "name" ? "sticky" : ""}
      aria-sort=${sorted ? this.sort.direction : "none"}>
      <button type="button" class="plain sort" data-cell=${id} tabindex=${this.tab(id)}
        @click=${() => this.emit<SortKey>("cg-sort", key)}>
        ${label}<span aria-hidden="true">${sorted ? (this.sort.direction === "ascending" ? " ▲" : " ▼") : " ↕"}</span>
      </button> ${extra}</th>`;
  }

  private renderCell(row: Row, column: Column, first: boolean) {
    const learnerId = row.learner.id;
    const key = cellKey(learnerId, column.assignment.id, column.slug);
    const cell = this.cells.get(key);
    const state = stateOf(cell);
    const id = idOf("cell", learnerId, column.assignment.id, column.slug);
    const t = this.i18n.current;
    const attempts = attemptsText(t, cell?.attempts ?? 0);
    return html`<td class="${first ? "first" : ""} ${this.flashing.has(key) ? "flash" : ""}" title=${attempts}>
      <button type="button" class="plain cell" data-cell=${id} tabindex=${this.tab(id)}
        @click=${() =>
          this.emit<OpenRequest>("cg-open", {
            learnerId,
            assignmentId: column.assignment.id,
            problem: column.slug,
            from: id,
          })}>
        ${
          state === "untried"
            ? html`<span class="score" aria-hidden="true">–</span>`
            : html`<span class="score">${formatPoints(t, cell?.score ?? 0)}</span>`
        }
        <span class="badge ${state}">${badgeText(t, cell)}</span>
        ${cell?.late ? html`<span class="late">${t.t("late")}</span>` : nothing}
        <span class="visually-hidden">${t.t("cell.attempts", { attempts })}</span>
      </button>
    </td>`;
  }

  private renderRow(row: Row, columns: readonly Column[]) {
    const learnerId = row.learner.id;
    const name = idOf("learner", learnerId);
    const total = idOf("total", learnerId);
    return html`<tr>
      <th scope="row" class="sticky" title=${learnerId}>
        <button type="button" class="plain learner" data-cell=${name} tabindex=${this.tab(name)}
          @click=${() => this.emit<OpenRequest>("cg-open", { learnerId, from: name })}>${row.learner.name}</button>
      </th>
      <td class="total ${this.flashing.has(totalKey(learnerId)) ? "flash" : ""}" data-cell=${total}
        tabindex=${this.tab(total)}>${formatPoints(this.i18n.current, row.total)}</td>
      ${columns.map((c, i) => this.renderCell(row, c, i === 0 || columns[i - 1]?.assignment !== c.assignment))}
    </tr>`;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (!changed.has("assignments") && !changed.has("rows") && !changed.has("active")) return;
    this.shown = this.assignments.filter((a) => a.problems.length > 0);
    const columns = columnsOf(this.shown);
    this.columns = columns;
    this.matrix = [
      ["head:learner", "head:total", ...columns.map((c) => idOf("group", c.assignment.id))],
      ["head:learner", "head:total", ...columns.map((c) => idOf("problem", c.assignment.id, c.slug))],
      ...this.rows.map((r) => [
        idOf("learner", r.learner.id),
        idOf("total", r.learner.id),
        ...columns.map((c) => idOf("cell", r.learner.id, c.assignment.id, c.slug)),
      ]),
    ];
    // The tab stop stays on a cell that is still there (a search may have hidden its row).
    if (!this.matrix.some((row) => row.includes(this.active))) this.active = "head:learner";
  }

  override render() {
    const t = this.i18n.request(portalLocale());
    const assignments = this.shown;
    const columns = this.columns;
    const maximum = columns.reduce((sum, c) => sum + c.points, 0);
    return html`<div class="scroller">
      <table role="grid" @keydown=${this.keydown} @focusin=${this.focusin}>
        <caption class="visually-hidden">${t.t("grid.caption")}</caption>
        <colgroup><col /></colgroup>
        <colgroup><col /></colgroup>
        ${assignments.map((a) => html`<colgroup span=${a.problems.length}></colgroup>`)}
        <thead>
          <tr>
            ${this.sortHeader("name", t.t("grid.learner"), nothing)}
            ${this.sortHeader("total", t.t("grid.total"), html`<span class="sub">${t.t("grid.of", { points: pointsText(t, maximum) })}</span>`)}
            ${assignments.map((a) => {
              const id = idOf("group", a.id);
              return html`<th scope="colgroup" colspan=${a.problems.length} class="group" data-cell=${id} tabindex=${this.tab(id)}>
                <span class="title">${a.title}</span>
                <span class="sub">${
                  a.dueAt
                    ? fill(t.t("grid.due"), {
                        date: html`<time datetime=${a.dueAt}>${formatTime(t, a.dueAt)}</time>`,
                      })
                    : t.t("grid.due.none")
                } · ${pointsText(t, a.totalPoints)}</span>
              </th>`;
            })}
          </tr>
          <tr>
            ${columns.map((c) => {
              const id = idOf("problem", c.assignment.id, c.slug);
              return html`<th scope="col" class="problem" data-cell=${id} tabindex=${this.tab(id)}>
                <span class="mono">${c.slug}</span> <span class="sub">${pointsText(t, c.points)}</span>
              </th>`;
            })}
          </tr>
        </thead>
        <tbody>${this.rows.map((r) => this.renderRow(r, columns))}</tbody>
      </table>
    </div>`;
  }
}
customElements.define("cg-gradebook-grid", CgGradebookGrid);
