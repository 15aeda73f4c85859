/** One line of an expected-versus-actual comparison. */
export interface DiffRow {
  line: number;
  expected: string | undefined;
  actual: string | undefined;
  same: boolean;
}

/** The most lines a comparison shows. */
export const MAX_DIFF_ROWS = 200;

/**
 * Line by line, as the judge compares tokens per line: which lines of the program's output differ
 * from the expected ones. Trailing blank lines are dropped on both sides.
 */
export function lineDiff(expected: string, actual: string): { rows: DiffRow[]; truncated: boolean } {
  const split = (text: string) => text.replace(/(\r?\n)+$/, "").split(/\r?\n/);
  const e = split(expected);
  const a = split(actual);
  const count = Math.max(e.length, a.length);
  const rows: DiffRow[] = [];
  for (let i = 0; i < Math.min(count, MAX_DIFF_ROWS); i++) {
    const left = e[i];
    const right = a[i];
    const same =
      left !== undefined &&
      right !== undefined &&
      left.trim().split(/\s+/).join(" ") === right.trim().split(/\s+/).join(" ");
    rows.push({ line: i + 1, expected: left, actual: right, same });
  }
  return { rows, truncated: count > MAX_DIFF_ROWS };
}
