// Bundles the tsc output (dist/lib) for the browser: the loader behind GET /widget.js and the
// frame bundle behind GET /widget/frame.js, with languages and the tutor as lazy chunks.
// Prints gzip sizes and fails the build over budget.
import { rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";

// Chunk names carry content hashes: drop the previous build's, or they pile up.
rmSync(new URL("dist/chunks", import.meta.url), { recursive: true, force: true });

const KB = 1024;
/** Loader: one small classic script on every host page. */
const LOADER_BUDGET = 5 * KB;
/** Problem frame before a language: Lit, CodeMirror (view + state alone are 62 KB) and the element. */
const FRAME_BUDGET = 120 * KB;
/** The same with any one language (a stream tokenizer from @codemirror/legacy-modes): the goal is 120 KB. */
const FRAME_WITH_LANGUAGE_BUDGET = 120 * KB;

const gz = (code) => gzipSync(code, { level: 9 }).length;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

/** Sizes of what the browser fetches: an entry, its static imports, and (frame) one language. */
function budget(name, limit, { languageLimit } = {}) {
  return {
    name: "budget",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const entry = chunks.find((c) => c.isEntry);
      const seen = new Set();
      const visit = (file) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const i of byFile.get(file)?.imports ?? []) visit(i);
      };
      visit(entry.fileName);
      const sizeOf = (files) => [...files].reduce((sum, f) => sum + gz(byFile.get(f).code), 0);
      const total = sizeOf(seen);
      const lines = chunks.map((c) => `  ${c.fileName.padEnd(36)} ${kb(gz(c.code)).padStart(9)} gzip`);
      console.log(
        `${name}:\n${lines.join("\n")}\n  => ${kb(total)} gzip on first load (budget ${kb(limit)})`,
      );
      if (total > limit) this.error(`${name} is ${kb(total)} gzip, over its budget of ${kb(limit)}`);
      if (!languageLimit) return;
      // Each language with the chunks it imports that the entry did not already load.
      for (const language of chunks.filter((c) => c.facadeModuleId?.includes("/languages/"))) {
        const before = new Set(seen);
        const extra = new Set();
        const add = (file) => {
          if (before.has(file) || extra.has(file)) return;
          extra.add(file);
          for (const i of byFile.get(file)?.imports ?? []) add(i);
        };
        add(language.fileName);
        const withLanguage = total + sizeOf(extra);
        console.log(
          `  + ${language.name.padEnd(12)} => ${kb(withLanguage)} gzip (budget ${kb(languageLimit)})`,
        );
        if (withLanguage > languageLimit) {
          this.error(`${name} with ${language.name} is ${kb(withLanguage)} gzip, over ${kb(languageLimit)}`);
        }
      }
    },
  };
}

const plugins = () => [
  nodeResolve({ browser: true }),
  terser({ ecma: 2020, module: true, compress: { passes: 3 }, format: { comments: false } }),
];

// tsc's decorator helpers test `this` at module level, which is undefined in ES modules by design.
const onwarn = (warning, warn) => {
  if (warning.code !== "THIS_IS_UNDEFINED") warn(warning);
};

export default [
  {
    input: "dist/lib/loader.js",
    onwarn,
    output: { file: "dist/loader.js", format: "iife" },
    plugins: [...plugins(), budget("loader (/widget.js)", LOADER_BUDGET)],
  },
  {
    input: "dist/lib/frame.js",
    onwarn,
    output: {
      dir: "dist",
      format: "es",
      entryFileNames: "frame.js",
      chunkFileNames: "chunks/[name]-[hash].js",
    },
    plugins: [
      ...plugins(),
      budget("problem frame (/widget/frame.js)", FRAME_BUDGET, { languageLimit: FRAME_WITH_LANGUAGE_BUDGET }),
    ],
  },
];
