#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import pino from "pino";
import { settingsFromEnv } from "./config.js";
import { buildImages, ensureBaseImage } from "./images.js";
import { defaultLanguagesDir } from "./languages/manifest.js";
import { startSandboxService } from "./serve.js";

const agentDir = fileURLToPath(new URL("../agent", import.meta.url));

async function serve(): Promise<void> {
  const settings = settingsFromEnv();
  const logger = pino({ level: settings.logLevel, name: "codeground-sandbox" });
  const service = await startSandboxService(settings, logger);
  for (const problem of service.readiness.problems) logger.warn(problem);
  const stop = (signal: string) => {
    logger.info({ signal }, "finishing queued runs, then stopping");
    void service.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

async function images(args: string[]): Promise<void> {
  const force = args.includes("--force");
  const languages = args.filter((a) => !a.startsWith("--"));
  const verbose = args.includes("--verbose");
  const base = await ensureBaseImage({ onOutput: verbose ? (line: string) => console.log(line) : undefined });
  console.log(`base image debian:bookworm-slim: ${base}`);
  const started = Date.now();
  const result = await buildImages({
    languagesDir: defaultLanguagesDir,
    agentDir,
    force,
    ...(languages.length ? { languages } : {}),
    onEvent: (e) => console.log(`${e.image}: ${e.action}${e.detail ? ` (${e.detail})` : ""}`),
    ...(verbose ? { onOutput: (line: string) => console.log(`  ${line}`) } : {}),
  });
  console.log(
    `images ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.built.length} built, ${result.skipped.length} already up to date`,
  );
}

const [command = "serve", ...rest] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = { serve, images: () => images(rest) };
const run = commands[command];
if (!run) {
  console.error(
    `Unknown command "${command}". Use: codeground-sandbox serve | images [--force] [--verbose] [language…]`,
  );
  process.exit(2);
}
run().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
