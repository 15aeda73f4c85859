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
  let stopping = false;
  let abandoning = false;
  const stop = (signal: string) => {
    if (abandoning) return;
    if (stopping) {
      abandoning = true;
      // A second signal: the operator will not wait; leave no container behind and go.
      logger.warn({ signal }, "stopping now; runs still going are abandoned");
      void service.abort().finally(() => process.exit(1));
      return;
    }
    stopping = true;
    service.sandbox.drain();
    const { queued, running } = service.sandbox.stats();
    logger.info(
      { signal, drainSeconds: settings.drainSeconds, queued, running },
      "draining: finishing accepted runs, refusing new ones, then stopping",
    );
    service.close().then(
      () => {
        // Abandoning removed the containers, which ends the drain too: that exit is the abort's.
        if (abandoning) return;
        logger.info("drained; stopping");
        process.exit(0);
      },
      (err: Error) => {
        if (abandoning) return;
        abandoning = true;
        logger.error({ err }, "drain failed");
        void service.abort().finally(() => process.exit(1));
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** `images [--force] [--no-cache] [--verbose] [--jobs N] [--only a,b] [language…]` */
async function images(args: string[]): Promise<void> {
  const force = args.includes("--force");
  const noCache = args.includes("--no-cache");
  const verbose = args.includes("--verbose");
  const languages: string[] = [];
  let jobs: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    if (flag === "--only" || flag === "--jobs") {
      const value = inline ?? args[++i];
      if (!value) throw new Error(`${flag} needs a value`);
      if (flag === "--jobs") {
        jobs = Number(value);
        if (!Number.isInteger(jobs) || jobs < 1)
          throw new Error(`--jobs needs a whole number above 0, not ${value}`);
      } else languages.push(...value.split(","));
    } else if (!arg.startsWith("--")) languages.push(...arg.split(","));
    else if (!["--force", "--no-cache", "--verbose"].includes(arg)) throw new Error(`unknown option ${arg}`);
  }
  const wanted = languages.map((l) => l.trim()).filter(Boolean);
  const base = await ensureBaseImage({ onOutput: verbose ? (line: string) => console.log(line) : undefined });
  console.log(`base image debian:bookworm-slim: ${base}`);
  const started = Date.now();
  const result = await buildImages({
    languagesDir: defaultLanguagesDir,
    agentDir,
    force,
    noCache,
    ...(jobs ? { jobs } : {}),
    ...(wanted.length ? { languages: wanted } : {}),
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
    `Unknown command "${command}". Use: codeground-sandbox serve | images [--force] [--no-cache] [--verbose] [--jobs N] [--only id,id] [language…]`,
  );
  process.exit(2);
}
run().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
