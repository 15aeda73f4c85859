import type { Verdict } from "@codeground/sdk";

/** Best first: the verdict a cell shows is the best any of its submissions got. */
export const VERDICT_RANK: Record<Verdict, number> = {
  accepted: 8,
  wrong_answer: 7,
  time_limit_exceeded: 6,
  memory_limit_exceeded: 5,
  output_limit_exceeded: 4,
  runtime_error: 3,
  compilation_error: 2,
  internal_error: 1,
};
const BY_RANK = Object.fromEntries(Object.entries(VERDICT_RANK).map(([v, r]) => [r, v])) as Record<
  number,
  Verdict
>;
export const verdictOfRank = (rank: number | null | undefined): Verdict | null =>
  rank ? (BY_RANK[Number(rank)] ?? null) : null;

/** `{ acceptUntil?, penaltyPerDay }`: late work accepted until then, losing this percent a started day. */
export interface LatePolicy {
  acceptUntil?: string;
  penaltyPerDay: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * What share of a problem's points an accepted submission at `solvedAt` earns: all of it by the
 * due time; after it, `penaltyPerDay` percent less for each day or part of one, never below
 * nothing; nothing without a late policy or past its `acceptUntil`.
 */
export function lateFactor(solvedAt: string, dueAt: string | null, policy: LatePolicy | null): number {
  if (!dueAt || solvedAt <= dueAt) return 1;
  if (!policy) return 0;
  if (policy.acceptUntil && solvedAt > policy.acceptUntil) return 0;
  const days = Math.ceil((Date.parse(solvedAt) - Date.parse(dueAt)) / DAY_MS);
  return Math.max(0, 1 - (policy.penaltyPerDay / 100) * days);
}

/** Points to two decimals, as a teacher would write them. */
export const roundPoints = (points: number): number => Math.round(points * 100) / 100;

/** Quotes a CSV field, and defuses one a spreadsheet would run as a formula (`=`, `+`, `-`, `@`). */
export function csvField(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The middle value of a list (the mean of the two middle ones for an even count); null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
