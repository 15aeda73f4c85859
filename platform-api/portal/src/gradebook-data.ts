import type { GradebookAssignment, GradebookCell, GradebookLearner, Verdict } from "@codeground/sdk";

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

/** The judge's verdicts in words a teacher reads. */
const VERDICTS: Record<Verdict, string> = {
  accepted: "Accepted",
  wrong_answer: "Wrong answer",
  compilation_error: "Compilation error",
  runtime_error: "Runtime error",
  time_limit_exceeded: "Time limit exceeded",
  memory_limit_exceeded: "Memory limit exceeded",
  output_limit_exceeded: "Output limit exceeded",
  internal_error: "Judging failed",
};

export const verdictText = (verdict: Verdict | null | undefined): string =>
  verdict ? (VERDICTS[verdict] ?? verdict) : "Not judged yet";

/** The badge a cell wears: "Solved", the best verdict of an unsolved try, or "Not tried". */
export function badgeText(cell: GradebookCell | undefined): string {
  const state = stateOf(cell);
  return state === "solved" ? "Solved" : state === "untried" ? "Not tried" : verdictText(cell?.bestVerdict);
}

const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export const formatPoints = (points: number): string => numbers.format(points);
export const pointsText = (points: number): string =>
  `${formatPoints(points)} ${points === 1 ? "point" : "points"}`;
export const timesText = (n: number, one: string, many: string): string =>
  `${numbers.format(n)} ${n === 1 ? one : many}`;

const times = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
/** A moment in the browser's locale and time zone. */
export const formatTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : times.format(date);
};

const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 });
/** A rate from 0 to 1 as a percentage in the browser's locale. */
export const formatRate = (rate: number): string => percent.format(rate);

/** What the live region says when a cell changes: "Ada: two-sum now 10 points". */
export function changeText(learner: string, cell: GradebookCell): string {
  const state = stateOf(cell);
  const detail =
    state === "solved"
      ? cell.late
        ? " (late)"
        : ""
      : ` (${verdictText(cell.bestVerdict).toLowerCase()}, ${timesText(cell.attempts, "attempt", "attempts")})`;
  return `${learner}: ${cell.problem} now ${pointsText(cell.score)}${detail}`;
}

/** Changes that arrived together, said at once: the first two, then how many more. */
export function changesText(texts: readonly string[]): string {
  const parts = texts.slice(0, 2);
  const more = texts.length - parts.length;
  if (more > 0) parts.push(`and ${more} more ${more === 1 ? "change" : "changes"}`);
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
