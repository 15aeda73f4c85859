import { readdirSync } from "node:fs";
import type { FunctionCase } from "./types.js";

export type { FunctionCase } from "./types.js";

const here = new URL(".", import.meta.url);
const modules = readdirSync(here)
  .filter((f) => /^[a-z][a-z0-9-]*\.ts$/.test(f) && f !== "index.ts" && f !== "types.ts")
  .sort();

/** Every function-mode language's case, in id order. `LANGUAGES=go,rust` narrows the suite to those. */
const only = process.env.LANGUAGES?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);

export const functionCases: FunctionCase[] = [];
for (const file of modules) {
  const { default: lang } = (await import(new URL(file, here).href)) as { default: FunctionCase };
  if (`${lang.id}.ts` !== file) throw new Error(`function case ${file} has id ${lang.id}`);
  if (!only || only.includes(lang.id)) functionCases.push(lang);
}
