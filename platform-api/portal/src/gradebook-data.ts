import type { GradebookAssignment, GradebookCell, GradebookLearner, Verdict } from "@codeground/sdk";
import type { Translator } from "@codeground/widget/i18n";
import { formatLocale } from "./locale-format.js";
import { type GradebookKey, isGradebookKey } from "./locales/gradebook/index.js";

/** The gradebook's messages in the portal's language. */
export type Text = Translator<GradebookKey>;

/** One column of the grid: a problem of an assignment. */
export interface Column {
  assignment: GradebookAssignment;
  slug: string;
  points: number;
}

/** A learner's row as shown: the total over the assignments on screen. */
export interface Row {
  learner: GradebookLearner;
  total: number;
}

export type SortKey = "name" | "total";
export interface Sort {
  key: SortKey;
  direction: "ascending" | "descending";
}

/** How a cell reads: solved, tried with its best verdict, or not tried at all. */
export type CellState = "solved" | "attempted" | "untried";

/** Cells are kept by learner, assignment and problem (a problem may sit in several assignments). */
export const cellKey = (learnerId: string, assignmentId: string, problem: string): string =>
  `${learnerId}\u0000${assignmentId}\u0000${problem}`;

export const keyOfCell = (cell: GradebookCell): string =>
  cellKey(cell.learnerId, cell.assignmentId, cell.problem);

/** Points to two decimals, as the API rounds them (so a total here is the API's total). */
export const roundPoints = (points: number): number => Math.round(points * 100) / 100;

/** The columns of the assignments shown, in the gradebook's order. */
export const columnsOf = (assignments: readonly GradebookAssignment[]): Column[] =>
  assignments.flatMap((assignment) =>
    assignment.problems.map((p) => ({ assignment, slug: p.slug, points: p.points })),
  );

/** A learner's points over the given columns. */
export function totalOf(
  learnerId: string,
  columns: readonly Column[],
  cells: ReadonlyMap<string, GradebookCell>,
) {
  let total = 0;
  for (const c of columns) total += cells.get(cellKey(learnerId, c.assignment.id, c.slug))?.score ?? 0;
  return roundPoints(total);
}

/** Whether a learner's name or id holds the search (case ignored), as the API's `q` does. */
export const matchesSearch = (learner: GradebookLearner, search: string): boolean => {
  const needle = search.trim().toLowerCase();
  return !needle || learner.name.toLowerCase().includes(needle) || learner.id.toLowerCase().includes(needle);
};

/** The rows to show: learners matching the search, with their totals, in the chosen order. */
export function rowsOf(
  learners: readonly GradebookLearner[],
  columns: readonly Column[],
  cells: ReadonlyMap<string, GradebookCell>,
  { search, sort, collator }: { search: string; sort: Sort; collator: Intl.Collator },
): Row[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  const byName = (a: Row, b: Row) =>
    collator.compare(a.learner.name, b.learner.name) || collator.compare(a.learner.id, b.learner.id);
  return learners
    .filter((learner) => matchesSearch(learner, search))
    .map((learner) => ({ learner, total: totalOf(learner.id, columns, cells) }))
    .sort((a, b) => (sort.key === "name" ? sign * byName(a, b) : sign * (a.total - b.total) || byName(a, b)));
}

export const stateOf = (cell: GradebookCell | undefined): CellState =>
  !cell || cell.attempts === 0 ? "untried" : cell.firstSolvedAt ? "solved" : "attempted";

/** The judge's verdicts in words a teacher reads (an unknown one as the API names it). */
export function verdictText(t: Text, verdict: Verdict | null | undefined): string {
  if (!verdict) return t.t("verdict.none");
  const key = `verdict.${verdict}`;
  return isGradebookKey(key) ? t.t(key) : verdict;
}

/** The badge a cell wears: "Solved", the best verdict of an unsolved try, or "Not tried". */
export function badgeText(t: Text, cell: GradebookCell | undefined): string {
  const state = stateOf(cell);
  return state === "solved"
    ? t.t("cell.solved")
    : state === "untried"
      ? t.t("cell.untried")
      : verdictText(t, cell?.bestVerdict);
}

/** Number, date and sorting formats for the locale, made once each. */
interface Formats {
  numbers: Intl.NumberFormat;
  times: Intl.DateTimeFormat;
  percent: Intl.NumberFormat;
  collator: Intl.Collator;
}
const formatsByLocale = new Map<string, Formats>();
function formats(t: Text): Formats {
  const tag = formatLocale(t.locale);
  let found = formatsByLocale.get(tag);
  if (!found) {
    found = {
      numbers: new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }),
      times: new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" }),
      percent: new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 }),
      collator: new Intl.Collator(tag, { sensitivity: "base", numeric: true }),
    };
    formatsByLocale.set(tag, found);
  }
  return found;
}

/** Learner names in the locale's alphabetical order (accents and case aside, numbers by value). */
export const collatorOf = (t: Text): Intl.Collator => formats(t).collator;
export const formatPoints = (t: Text, points: number): string => formats(t).numbers.format(points);
export const pointsText = (t: Text, points: number): string =>
  t.t("points", { count: points, points: formatPoints(t, points) });
export const attemptsText = (t: Text, attempts: number): string => t.t("attempts", { count: attempts });

/** A moment in the locale and the browser's time zone. */
export const formatTime = (t: Text, iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formats(t).times.format(date);
};

/** A rate from 0 to 1 as a percentage in the locale. */
export const formatRate = (t: Text, rate: number): string => formats(t).percent.format(rate);

/** What the live region says when a cell changes: "Ada: two-sum now 10 points". */
export function changeText(t: Text, learner: string, cell: GradebookCell): string {
  const params = { learner, problem: cell.problem, points: pointsText(t, cell.score) };
  if (stateOf(cell) === "solved") return t.t(cell.late ? "change.solved.late" : "change.solved", params);
  const verdict = verdictText(t, cell.bestVerdict);
  // Inside a sentence a verdict reads in lower case, except German's nouns.
  const inline = t.locale === "de" ? verdict : verdict.toLocaleLowerCase(t.locale);
  return t.t("change.attempted", { ...params, verdict: inline, attempts: attemptsText(t, cell.attempts) });
}

/** Changes that arrived together, said at once: the first two, then how many more. */
export function changesText(t: Text, texts: readonly string[]): string {
  const parts = texts.slice(0, 2);
  const more = texts.length - parts.length;
  if (more > 0) parts.push(t.t("changes.more", { count: String(more) }));
  return parts.length ? `${parts.join(". ")}.` : "";
}

/** A cell from the event stream, checked for the fields the grid reads (same origin, but still data). */
export function asCell(value: unknown): GradebookCell | null {
  const v = value as Partial<GradebookCell> | null;
  return v &&
    typeof v === "object" &&
    typeof v.learnerId === "string" &&
    typeof v.assignmentId === "string" &&
    typeof v.problem === "string" &&
    typeof v.score === "number" &&
    typeof v.attempts === "number" &&
    typeof v.late === "boolean"
    ? (v as GradebookCell)
    : null;
}
