// The portal's one bundle: the compiled TypeScript (build/) with Lit, minified.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";

const here = new URL(".", import.meta.url).pathname;

export default {
  input: `${here}build/main.js`,
  output: { file: `${here}dist/portal.js`, format: "es", sourcemap: false },
  plugins: [
    nodeResolve({ browser: true }),
    terser({ format: { comments: false } }),
    {
      name: "print-size",
      writeBundle() {
        const size = gzipSync(readFileSync(`${here}dist/portal.js`)).length;
        console.log(`portal.js: ${(size / 1024).toFixed(1)} KB gzip`);
      },
    },
  ],
};
