import { readdirSync } from "node:fs";

/**
 * The default exports of the modules in `dir` (one per language, named after its id, beside an
 * `index.ts` and a `types.ts`), in id order. `LANGUAGES=go,rust` keeps just those.
 */
export async function loadCaseModules<T extends { id: string }>(dir: URL): Promise<T[]> {
  const only = process.env.LANGUAGES?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const files = readdirSync(dir)
    .filter((f) => /^[a-z][a-z0-9-]*\.ts$/.test(f) && f !== "index.ts" && f !== "types.ts")
    .sort();
  const cases: T[] = [];
  for (const file of files) {
    const { default: lang } = (await import(new URL(file, dir).href)) as { default: T };
    if (`${lang.id}.ts` !== file) throw new Error(`${file} is the case of ${lang.id}; name it ${lang.id}.ts`);
    if (!only || only.includes(lang.id)) cases.push(lang);
  }
  return cases;
}
