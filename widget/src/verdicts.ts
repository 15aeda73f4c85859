import type { Translator } from "./i18n.js";
import { isProblemKey, type ProblemKey } from "./locales/problem/index.js";

/** The judge's verdict in words a learner reads, in their language; "Judging…" before there is one. */
export function verdictText(t: Translator<ProblemKey>, verdict: string | null | undefined): string {
  if (!verdict) return t.t("judging");
  const key = `verdict.${verdict}`;
  return isProblemKey(key) ? t.t(key) : verdict;
}
