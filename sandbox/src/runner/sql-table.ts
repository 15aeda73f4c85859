/**
 * A query's result table in the form the SQL judge compares: SQLite's quote mode with headers,
 * as `run-sql --judge` prints it (sandbox/languages/sqlite). One line of column names, then one
 * line per row, cells separated by commas:
 *
 *     'name','total'
 *     'Ann',30
 *     'Bob',NULL
 *
 * Text is quoted with '' for a quote inside (and may span lines), numbers are bare (`3`, `2.5`,
 * `1e999` for infinity), NULL is `NULL`, a blob is `X'0a1b'`. So NULL, the empty string '' and the
 * text 'NULL' are all different, and so are the integer 1 and the text '1'. SQLite 3.40 prints reals
 * to 20 significant digits, not always the shortest form (0.1 as 0.10000000000000000555, 14.0 as
 * 13.999999999999999999): a number is read as the nearest double, and reals match within a tolerance.
 */

export type SqlCell =
  | { kind: "null" }
  | { kind: "text"; text: string }
  | { kind: "blob"; hex: string }
  /** `literal` as printed; `value` as a double. */
  | { kind: "number"; literal: string; value: number };

export interface ParsedSqlTable {
  columns: string[];
  rows: SqlCell[][];
}

/** A table as authors write it: column names, and rows of text, numbers (booleans as 1 and 0) or null. */
export interface SqlTable {
  columns: string[];
  rows: (string | number | boolean | null)[][];
}

/** Reals match within this, absolutely or relative to the expected value. */
export const SQL_REAL_TOLERANCE = 1e-9;

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const INTEGER = /^-?\d+$/;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The quote-mode text of a table: what the reference query prints, header line included. */
export function formatSqlTable(table: SqlTable): string {
  const lines = [table.columns.map(quote).join(",")];
  for (const row of table.rows) {
    lines.push(
      row
        .map((cell) => {
          if (cell === null) return "NULL";
          if (typeof cell === "boolean") return cell ? "1" : "0";
          if (typeof cell === "number") return String(cell);
          return quote(cell);
        })
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Reads one cell at `at`; returns it and where it ends, or null when the text is not a cell. */
function readCell(text: string, at: number): { cell: SqlCell; end: number } | null {
  if (text.startsWith("NULL", at)) return { cell: { kind: "null" }, end: at + 4 };
  const c = text[at];
  if (c === "'") {
    let value = "";
    let i = at + 1;
    for (;;) {
      const close = text.indexOf("'", i);
      if (close < 0) return null;
      value += text.slice(i, close);
      if (text[close + 1] !== "'") return { cell: { kind: "text", text: value }, end: close + 1 };
      value += "'";
      i = close + 2;
    }
  }
  if ((c === "X" || c === "x") && text[at + 1] === "'") {
    const close = text.indexOf("'", at + 2);
    const hex = close < 0 ? "" : text.slice(at + 2, close);
    if (close < 0 || !/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return null;
    return { cell: { kind: "blob", hex: hex.toLowerCase() }, end: close + 1 };
  }
  const number = NUMBER.exec(text.slice(at, at + 400))?.[0];
  if (!number) return null;
  return { cell: { kind: "number", literal: number, value: Number(number) }, end: at + number.length };
}

/**
 * Parses quote-mode output. No output at all is a result with no rows (sqlite3 prints no header
 * for an empty result); anything that is not one header line and rows of as many cells is null.
 */
export function parseSqlTable(text: string): ParsedSqlTable | null {
  const lines: SqlCell[][] = [];
  let at = 0;
  while (at < text.length) {
    const line: SqlCell[] = [];
    for (;;) {
      const read = readCell(text, at);
      if (!read) return null;
      line.push(read.cell);
      at = read.end;
      if (text[at] === ",") {
        at++;
        continue;
      }
      if (at === text.length) break;
      if (text[at] === "\n") {
        at++;
        break;
      }
      return null;
    }
    lines.push(line);
  }
  const [header, ...rows] = lines;
  if (!header) return { columns: [], rows: [] };
  const columns: string[] = [];
  for (const cell of header) {
    if (cell.kind !== "text") return null;
    columns.push(cell.text);
  }
  if (rows.some((row) => row.length !== columns.length)) return null;
  return { columns, rows };
}

function cellsEqual(actual: SqlCell, expected: SqlCell): boolean {
  if (actual.kind === "number" && expected.kind === "number") {
    if (INTEGER.test(actual.literal) && INTEGER.test(expected.literal)) {
      return BigInt(actual.literal) === BigInt(expected.literal);
    }
    if (actual.value === expected.value) return true;
    const diff = Math.abs(actual.value - expected.value);
    return diff <= SQL_REAL_TOLERANCE || diff <= SQL_REAL_TOLERANCE * Math.abs(expected.value);
  }
  if (actual.kind === "text" && expected.kind === "text") return actual.text === expected.text;
  if (actual.kind === "blob" && expected.kind === "blob") return actual.hex === expected.hex;
  return actual.kind === "null" && expected.kind === "null";
}

/** A sort key that puts equal rows (numbers by value, 2 next to 2.0) side by side. */
function rowKey(row: SqlCell[]): string {
  return JSON.stringify(
    row.map((cell) => {
      if (cell.kind === "null") return "n";
      if (cell.kind === "text") return `t${cell.text}`;
      if (cell.kind === "blob") return `b${cell.hex}`;
      const exact = INTEGER.test(cell.literal) && !Number.isSafeInteger(cell.value);
      return `#${exact ? BigInt(cell.literal).toString() : cell.value.toPrecision(12)}`;
    }),
  );
}

const sortedRows = (rows: SqlCell[][]) =>
  rows
    .map((row) => ({ row, key: rowKey(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);

/**
 * Whether a query's output is the expected table: the same number of columns with the same names
 * (ASCII case ignored, as SQL identifiers), and the same rows — in the same order when `ordered`,
 * else as a multiset. An empty output (no header: no rows) matches any expected table without rows.
 */
export function sqlTablesMatch(actualText: string, expectedText: string, ordered: boolean): boolean {
  const actual = parseSqlTable(actualText);
  const expected = parseSqlTable(expectedText);
  if (!actual || !expected) return false;
  if (actual.columns.length === 0 && actual.rows.length === 0) return expected.rows.length === 0;
  if (actual.columns.length !== expected.columns.length) return false;
  const fold = (name: string) => name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (actual.columns.some((name, i) => fold(name) !== fold(expected.columns[i] ?? ""))) return false;
  if (actual.rows.length !== expected.rows.length) return false;
  const a = ordered ? actual.rows : sortedRows(actual.rows);
  const e = ordered ? expected.rows : sortedRows(expected.rows);
  return a.every((row, i) => row.every((cell, j) => cellsEqual(cell, e[i]?.[j] ?? { kind: "null" })));
}
