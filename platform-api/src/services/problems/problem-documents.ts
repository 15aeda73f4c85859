import { valueFits } from "@codeground/sandbox";
import type { Judge, ProblemDocument } from "@codeground/sdk";

/** A problem found wrong beyond its schema, by path within the document. */
export interface DocumentIssue {
  path: string;
  message: string;
}

/**
 * What the schema alone cannot check: every language is one the sandbox runs, and in function mode
 * every test's arguments and expected result fit the declared types.
 */
export function checkDocument(doc: ProblemDocument, knownLanguages: ReadonlySet<string>): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  doc.languages.forEach((language, i) => {
    if (!knownLanguages.has(language)) {
      issues.push({
        path: `languages.${i}`,
        message: `${language} is not a language the sandbox runs; use one of ${[...knownLanguages].join(", ")}`,
      });
    }
  });
  if (doc.judge.mode === "function") {
    const { params, returns } = doc.judge.function;
    doc.tests.forEach((test, i) => {
      params.forEach((param, j) => {
        const problem = valueFits(param.type, test.args?.[j]);
        if (problem !== null) {
          issues.push({ path: `tests.${i}.args.${j}`, message: `${param.name} (${param.type}): ${problem}` });
        }
      });
      const problem = valueFits(returns, test.expected);
      if (problem !== null) issues.push({ path: `tests.${i}.expected`, message: `${returns}: ${problem}` });
    });
  }
  return issues;
}

/**
 * `expected` as the `problem_tests.expected` text column holds it: stdio output as is, a function
 * result as JSON.
 */
export const storedExpected = (judge: Judge, expected: unknown): string =>
  judge.mode === "stdio" ? String(expected) : JSON.stringify(expected);

export const parseExpected = (judge: Judge, stored: string): unknown =>
  judge.mode === "stdio" ? stored : JSON.parse(stored);

/** "dynamic-programming" → "Dynamic programming": a category's display name from its slug. */
export const categoryName = (slug: string): string => {
  const words = slug.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};
