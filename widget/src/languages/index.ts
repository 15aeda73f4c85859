import type { LanguageSupport } from "@codemirror/language";

/**
 * Language support is loaded when first needed: each language is its own chunk, so a problem
 * frame fetches only the one the learner writes in.
 */
export const LANGUAGES: Record<string, () => Promise<{ default: () => LanguageSupport }>> = {
  python: () => import("./python.js"),
  javascript: () => import("./javascript.js"),
  typescript: () => import("./typescript.js"),
  java: () => import("./java.js"),
  cpp: () => import("./cpp.js"),
  c: () => import("./c.js"),
  go: () => import("./go.js"),
  rust: () => import("./rust.js"),
  ruby: () => import("./ruby.js"),
  php: () => import("./php.js"),
  kotlin: () => import("./kotlin.js"),
  csharp: () => import("./csharp.js"),
  lua: () => import("./lua.js"),
  r: () => import("./r.js"),
  haskell: () => import("./haskell.js"),
  scala: () => import("./scala.js"),
  bash: () => import("./bash.js"),
  perl: () => import("./perl.js"),
  sqlite: () => import("./sqlite.js"),
  pascal: () => import("./pascal.js"),
  fortran: () => import("./fortran.js"),
  ocaml: () => import("./ocaml.js"),
};
