// The portal's bundle: the compiled TypeScript (build/) with Lit, minified; the problem page (the
// widget's editor and tutor, with a chunk per language) loads as chunks of its own.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";

const here = new URL(".", import.meta.url).pathname;
rmSync(`${here}dist`, { recursive: true, force: true });

export default {
  input: `${here}build/main.js`,
  // tsc's decorator helpers in the widget test `this` at module level, undefined in ES modules.
  onwarn(warning, warn) {
    if (warning.code !== "THIS_IS_UNDEFINED") warn(warning);
  },
  output: {
    dir: `${here}dist`,
    format: "es",
    entryFileNames: "portal.js",
    chunkFileNames: "chunks/[name]-[hash].js",
    sourcemap: false,
  },
  plugins: [
    nodeResolve({ browser: true }),
    terser({ format: { comments: false } }),
    {
      name: "print-size",
      writeBundle() {
        const size = (file) => (gzipSync(readFileSync(`${here}dist/${file}`)).length / 1024).toFixed(1);
        console.log(`portal.js: ${size("portal.js")} KB gzip`);
        for (const chunk of readdirSync(`${here}dist/chunks`))
          console.log(`  chunks/${chunk}: ${size(`chunks/${chunk}`)} KB gzip`);
      },
    },
  ],
};
