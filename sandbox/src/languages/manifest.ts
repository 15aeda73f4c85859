import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { LanguageInfo, SourceFile } from "../schemas.js";

/** Where the language folders (Dockerfile + manifest.json each) live. */
export const defaultLanguagesDir = fileURLToPath(new URL("../../languages", import.meta.url));

const Command = z.array(z.string()).min(1);

export const Manifest = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: z.string(),
    version: z.string(),
    extensions: z.array(z.string().startsWith(".")).min(1),
    mainFile: z.string(),
    compile: z
      .object({
        command: Command,
        /** Extensions of the files `{sources}` expands to. */
        sources: z.array(z.string().startsWith(".")).min(1),
        timeMs: z.number().int().positive(),
        memoryMb: z.number().int().positive(),
      })
      .optional(),
    run: Command,
    env: z.record(z.string(), z.string()).default({}),
    pidsLimit: z.number().int().positive().default(64),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export async function loadManifests(languagesDir = defaultLanguagesDir): Promise<Map<string, Manifest>> {
  const entries = await readdir(languagesDir, { withFileTypes: true });
  const manifests = new Map<string, Manifest>();
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(languagesDir, entry.name, "manifest.json");
    // A folder without a manifest is not a language (yet).
    if (!existsSync(file)) continue;
    const parsed = Manifest.safeParse(JSON.parse(await readFile(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} is not a valid language manifest: ${parsed.error.message}`);
    if (parsed.data.id !== entry.name)
      throw new Error(`${file} declares id "${parsed.data.id}"; expected "${entry.name}"`);
    manifests.set(parsed.data.id, parsed.data);
  }
  return manifests;
}

export function languageInfo(m: Manifest): LanguageInfo {
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    extensions: m.extensions,
    compiled: m.compile !== undefined,
  };
}

/** The language's main file if the learner sent one by that name, else the first file. */
export function mainFileOf(m: Manifest, files: SourceFile[]): string {
  const first = files[0];
  if (!first) throw new Error("no files");
  return files.some((f) => f.name === m.mainFile) ? m.mainFile : first.name;
}

export interface CommandContext {
  main: string;
  files: SourceFile[];
  heapMb: number;
  sources?: string[];
}

/** Fills a manifest command's placeholders; `{sources}` stands for as many arguments as there are sources. */
export function expandCommand(command: string[], ctx: CommandContext): string[] {
  const base = path.posix.basename(ctx.main);
  const mainStem = base.includes(".") ? base.slice(0, base.lastIndexOf(".")) : base;
  const sources = ctx.files
    .map((f) => f.name)
    .filter((name) => ctx.sources?.some((ext) => name.endsWith(ext)))
    .sort((a, b) => (a === ctx.main ? -1 : b === ctx.main ? 1 : a.localeCompare(b)));
  return command.flatMap((arg) => {
    if (arg === "{sources}") return sources;
    return [
      arg
        .replaceAll("{mainStem}", mainStem)
        .replaceAll("{main}", ctx.main)
        .replaceAll("{heapMb}", String(ctx.heapMb)),
    ];
  });
}
