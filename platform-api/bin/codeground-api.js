#!/usr/bin/env node
// npm links this file at install time, before `dist/` exists; it runs the built CLI, or says how to build it.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error(
    "codeground-api is not built yet: run `npm run build` in the repository root (or `npm start` once), then try again.",
  );
  process.exit(1);
}
await import(cli.href);
