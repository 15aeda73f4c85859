import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { defaultStarter } from "@codeground/sandbox";
import { type FunctionSignature, LanguageId, ProblemDocument, type ProblemTest } from "@codeground/sdk";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { createRng, type Rng } from "./rng.js";

/** `platform-api/bank/problems`: one YAML problem document per file, named after its slug. */
export const BANK_DIR = fileURLToPath(new URL("../../bank/problems", import.meta.url));
/**
 * `platform-api/bank/languages/<language>/`: code for the problems in one more language, one file
 * each, so a language's code is read, highlighted and reviewed as that language:
 * - `<slug>.<ext>`: the reference solution; it adds the language to the problem's languages;
 * - `<slug>.starter.<ext>`: the learner's starter (by default, the function's signature with an
 *   empty body, as the harness writes it);
 * - `<slug>.counter.<verdict>.<ext>`: a counterexample that must get that verdict.
 */
export const BANK_LANGUAGES_DIR = fileURLToPath(new URL("../../bank/languages", import.meta.url));
const GENERATORS_DIR = fileURLToPath(new URL("./generators", import.meta.url));

/**
 * A solution that must NOT be accepted, and the verdict it must get: how the bank proves its hidden
 * tests catch wrong, overflowing and too-slow code.
 */
export const Counterexample = z
  .object({
    language: LanguageId,
    why: z.string().min(1).max(200),
    verdict: z.enum(["wrong_answer", "time_limit_exceeded", "runtime_error", "memory_limit_exceeded"]),
    code: z.string().min(1),
  })
  .strict();
export type Counterexample = z.infer<typeof Counterexample>;

export interface BankEntry {
  problem: ProblemDocument;
  counterexamples: Counterexample[];
  file: string;
}

/**
 * A generator module (`src/bank/generators/<slug>.ts`) adds hidden tests too large to keep in YAML;
 * it computes their expected values itself, deterministically from the seeded `rng`.
 */
export type HiddenTestGenerator = (rng: Rng) => ProblemTest[];

const seedOf = (slug: string) => [...slug].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);

/** Reads every bank problem, validated, with its generated hidden tests appended. */
interface LanguageFiles {
  solution?: string;
  starter?: string;
  counterexamples: Counterexample[];
}

/** The per-language files of the bank, by slug and then language. */
function readLanguageFiles(dir: string): Map<string, Map<string, LanguageFiles>> {
  const bySlug = new Map<string, Map<string, LanguageFiles>>();
  if (!existsSync(dir)) return bySlug;
  for (const language of readdirSync(dir).sort()) {
    const folder = path.join(dir, language);
    for (const file of readdirSync(folder).sort()) {
      const match = /^([a-z0-9-]+)(?:\.(starter)|\.counter\.([a-z_]+))?\.[A-Za-z0-9]+$/.exec(file);
      if (!match?.[1])
        throw new Error(`bank/languages/${language}/${file}: not <slug>[.starter|.counter.<verdict>].<ext>`);
      const [, slug, starter, verdict] = match;
      const perLanguage = bySlug.get(slug) ?? new Map<string, LanguageFiles>();
      bySlug.set(slug, perLanguage);
      const files = perLanguage.get(language) ?? { counterexamples: [] };
      perLanguage.set(language, files);
      const code = readFileSync(path.join(folder, file), "utf8");
      if (starter) files.starter = code;
      else if (verdict) {
        const parsed = Counterexample.safeParse({ language, why: `counterexample ${file}`, verdict, code });
        if (!parsed.success)
          throw new Error(`bank/languages/${language}/${file}: ${parsed.error.issues[0]?.message}`);
        files.counterexamples.push(parsed.data);
      } else files.solution = code;
    }
  }
  return bySlug;
}

/** Adds a problem's languages from `bank/languages/`: the solution, the starter, the counterexamples. */
function addLanguages(
  document: Record<string, unknown>,
  counterexamples: unknown[],
  languages: Map<string, LanguageFiles> | undefined,
  file: string,
): unknown[] {
  if (!languages) return counterexamples;
  const more = [...counterexamples];
  const listed = (document.languages as string[] | undefined) ?? [];
  const starters = { ...((document.starter as Record<string, string> | undefined) ?? {}) };
  const solutions = { ...((document.solutions as Record<string, string> | undefined) ?? {}) };
  for (const [language, files] of languages) {
    if (!files.solution)
      throw new Error(`bank problem ${file}: bank/languages/${language} has no reference solution`);
    if (listed.includes(language))
      throw new Error(`bank problem ${file}: ${language} is both in the YAML and in bank/languages`);
    listed.push(language);
    solutions[language] = files.solution;
    const judge = document.judge as { mode?: string; function?: FunctionSignature } | undefined;
    const starter =
      files.starter ??
      (judge?.mode === "function" && judge.function ? defaultStarter(language, judge.function) : undefined);
    if (starter === undefined)
      throw new Error(`bank problem ${file}: bank/languages/${language} has no starter`);
    starters[language] = starter;
    more.push(...files.counterexamples);
  }
  Object.assign(document, { languages: listed, starter: starters, solutions });
  return more;
}

export async function loadBank(dir = BANK_DIR, languagesDir = BANK_LANGUAGES_DIR): Promise<BankEntry[]> {
  const perLanguage = readLanguageFiles(languagesDir);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  const entries: BankEntry[] = [];
  for (const file of files) {
    const raw = parseYaml(readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
    const { counterexamples: written = [], ...document } = raw;
    const slug = file.replace(/\.yaml$/, "");
    const counterexamples = addLanguages(document, written as unknown[], perLanguage.get(slug), file);
    perLanguage.delete(slug);
    // Compiled next to the loader (`dist/`), or TypeScript when the source runs directly (tests).
    const generator = [".js", ".ts"]
      .map((ext) => path.join(GENERATORS_DIR, `${slug}${ext}`))
      .find((file) => existsSync(file));
    if (generator) {
      const module = (await import(pathToFileURL(generator).href)) as { default: HiddenTestGenerator };
      document.tests = [...((document.tests as unknown[]) ?? []), ...module.default(createRng(seedOf(slug)))];
    }
    const parsed = ProblemDocument.safeParse(document);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`bank problem ${file} is not a valid problem document: ${issues}`);
    }
    if (parsed.data.slug !== slug) throw new Error(`bank problem ${file} has slug ${parsed.data.slug}`);
    entries.push({
      problem: parsed.data,
      counterexamples: Counterexample.array().parse(counterexamples),
      file,
    });
  }
  const strays = [...perLanguage.keys()];
  if (strays.length > 0)
    throw new Error(`bank/languages has code for problems not in the bank: ${strays.join(", ")}`);
  return entries;
}
