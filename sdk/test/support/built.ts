import { execFile } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const SDK_DIR = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const REPO_DIR = path.resolve(SDK_DIR, "..");

const newest = (dir: string): number =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newest(full) : statSync(full).mtimeMs;
    }),
  );

const mtime = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * The published builds (dist/ ESM, dist/cjs CommonJS) as `npm run build` makes them; built here
 * when missing or older than the sources, so these tests never run against a stale package.
 */
export async function ensureBuilt(): Promise<void> {
  const sources = newest(path.join(SDK_DIR, "src"));
  const outputs = [path.join(SDK_DIR, "dist/index.js"), path.join(SDK_DIR, "dist/cjs/index.js")];
  if (outputs.every((file) => mtime(file) >= sources)) return;
  await promisify(execFile)("npm", ["run", "build", "-w", "@codeground/sdk"], { cwd: REPO_DIR });
}
