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
/** The same with any one language (a stream tokenizer from @codemirror/legacy-modes) and one interface locale. */
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
      /** A chunk with the chunks it imports that are not loaded already. */
      const extraOf = (chunk, loaded) => {
        const extra = new Set();
        const add = (file) => {
          if (loaded.has(file) || extra.has(file)) return;
          extra.add(file);
          for (const i of byFile.get(file)?.imports ?? []) add(i);
        };
        add(chunk.fileName);
        return extra;
      };
      const lazy = (folder) => chunks.filter((c) => c.facadeModuleId?.includes(folder));
      // Each language with what it adds to the entry.
      let largestLanguage = 0;
      for (const language of lazy("/languages/")) {
        const withLanguage = total + sizeOf(extraOf(language, seen));
        largestLanguage = Math.max(largestLanguage, withLanguage - total);
        console.log(
          `  + ${language.name.padEnd(12)} => ${kb(withLanguage)} gzip (budget ${kb(languageLimit)})`,
        );
        if (withLanguage > languageLimit) {
          this.error(`${name} with ${language.name} is ${kb(withLanguage)} gzip, over ${kb(languageLimit)}`);
        }
      }
      // Each interface locale of each element: the problem's count against the budget with the
      // largest language; the tutor's and the keys manager's come with their own lazy chunk.
      for (const area of ["problem", "chat", "keys"]) {
        const locales = lazy(`/locales/${area}/`).filter((c) => !c.facadeModuleId.endsWith("/index.js"));
        if (!locales.length) continue;
        const element =
          area === "problem"
            ? undefined
            : chunks.find((c) => c.name === `cg-${area}` || c.name === `${area}-frame`);
        const base = element ? new Set([...seen, ...extraOf(element, seen)]) : seen;
        const baseSize = sizeOf(base);
        const sizes = locales.map((c) => `${c.name} ${kb(sizeOf(extraOf(c, base)))}`);
        const largest = Math.max(...locales.map((c) => sizeOf(extraOf(c, base))));
        const worst = baseSize + largest + (area === "problem" ? largestLanguage : 0);
        console.log(
          `  ${area} frame ${kb(baseSize)}; locales: ${sizes.join(", ")}; with its largest ${area === "problem" ? "language and " : ""}locale ${kb(worst)}`,
        );
        if (area === "problem" && worst > languageLimit) {
          this.error(
            `${name} with its largest language and locale is ${kb(worst)} gzip, over ${kb(languageLimit)}`,
          );
        }
      }
    },
  };
}

/**
 * The legacy C-like module defines a dozen dialects at load time (Dart, Ceylon, shaders…); marking
 * each definition pure lets the bundle keep only those a language of ours imports.
 */
const pureDialects = () => ({
  name: "pure-dialects",
  transform(code, id) {
    if (!/legacy-modes[\\/]mode[\\/]clike\.js$/.test(id)) return null;
    return {
      code: code.replace(/^export const (\w+) = clike\(/gm, "export const $1 = /*#__PURE__*/ clike("),
      map: null,
    };
  },
});

/**
 * Lit's css`` blocks reach the bundle as written, indentation and comments included: squeeze
 * their whitespace (terser leaves template text alone). Only runs of whitespace go, and the
 * spaces next to braces, semicolons and commas, never a space that may be a combinator.
 */
const minifyCss = () => ({
  name: "minify-css",
  transform(code, id) {
    if (!id.includes("/dist/lib/") || !/\bcss `/.test(code)) return null;
    const squeezed = code.replace(/\bcss ?`([^`]*)`/g, (_whole, body) => {
      const text = body
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\s+/g, " ")
        .replace(/\s*([{};,])\s*/g, "$1")
        .trim();
      return `css\`${text}\``;
    });
    return { code: squeezed, map: null };
  },
});

const plugins = () => [
  pureDialects(),
  minifyCss(),
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
