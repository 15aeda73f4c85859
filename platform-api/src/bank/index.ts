import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LanguageId, ProblemDocument, type ProblemTest } from "@codeground/sdk";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { createRng, type Rng } from "./rng.js";

/** `platform-api/bank/problems`: one YAML problem document per file, named after its slug. */
export const BANK_DIR = fileURLToPath(new URL("../../bank/problems", import.meta.url));
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
export async function loadBank(dir = BANK_DIR): Promise<BankEntry[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  const entries: BankEntry[] = [];
  for (const file of files) {
    const raw = parseYaml(readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
    const { counterexamples = [], ...document } = raw;
    const slug = file.replace(/\.yaml$/, "");
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
  return entries;
}
