import type { Compare } from "../schemas.js";
import { sqlTablesMatch } from "./sql-table.js";

const tokens = (s: string) => s.split(/\s+/).filter((t) => t.length > 0);

/** Numbers match within `tolerance`, absolute or relative to the expected value; other tokens exactly. */
function floatTokenEqual(actual: string, expected: string, tolerance: number): boolean {
  if (actual === expected) return true;
  const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  if (!number.test(actual) || !number.test(expected)) return false;
  const a = Number(actual);
  const e = Number(expected);
  const diff = Math.abs(a - e);
  return diff <= tolerance || diff <= tolerance * Math.abs(e);
}

/** Whether a program's output matches the expected output under a compare mode. */
export function outputMatches(actual: string, expected: string, mode: Compare): boolean {
  if (mode === "exact") return actual === expected;
  if (mode === "trim") {
    const norm = (s: string) =>
      s
        .split("\n")
        .map((line) => line.trimEnd())
        .join("\n")
        .trim();
    return norm(actual) === norm(expected);
  }
  if (typeof mode === "object" && "table" in mode)
    return sqlTablesMatch(actual, expected, mode.table.ordered);
  const a = tokens(actual);
  const e = tokens(expected);
  if (a.length !== e.length) return false;
  if (mode === "tokens") return a.every((t, i) => t === e[i]);
  return a.every((t, i) => floatTokenEqual(t, e[i] ?? "", mode.float));
}
