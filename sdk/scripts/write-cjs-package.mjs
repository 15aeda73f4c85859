#!/usr/bin/env node
// The package is ESM ("type": "module"); this marks dist/cjs as CommonJS, so Node loads the
// `require` build's .js files as CommonJS modules.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "cjs");
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
