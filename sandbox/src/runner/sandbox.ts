import { randomUUID } from "node:crypto";
import os from "node:os";
import Docker from "dockerode";
import PQueue from "p-queue";
import pino, { type Logger } from "pino";
import { defaultConfig, type LimitSet, type SandboxConfig } from "../config.js";
import {
  EngineUnavailableError,
  NodeDrainingError,
  OverloadedError,
  RunAbandonedError,
  ValidationError,
} from "../errors.js";
import { imageTag } from "../images.js";
import {
  defaultLanguagesDir,
  expandCommand,
  languageInfo,
  loadManifests,
  type Manifest,
  mainFileOf,
} from "../languages/manifest.js";
import { createMetrics, type SandboxMetrics } from "../metrics.js";
import {
  type Compare,
  type LanguageInfo,
  type ParsedRunRequest,
  RunRequest,
  type RunResponse,
  type Stage,
  type TestCase,
  type TestResult,
  type Verdict,
} from "../schemas.js";
import { outputMatches } from "./compare.js";
import {
  type ContainerSpec,
  type Outcome,
  OWNER_HOST_LABEL,
  OWNER_INSTANCE_LABEL,
  OWNER_PID_LABEL,
  SANDBOX_LABEL,
} from "./container.js";
import { WarmPool } from "./pool.js";
import { encodeJob, type JobStep, type StepRecord } from "./protocol.js";
import { stepVerdict, toStage } from "./verdict.js";

export interface RunOptions {
  /**
   * Called with each test's result as soon as that test finishes, while later tests still run.
   * Tests the container never reached are only in the final response.
   */
  onTest?: (result: TestResult) => void;
}

/** What platform-api needs from a sandbox, whether in-process or over HTTP. */
export interface SandboxRunner {
  run(request: RunRequest, options?: RunOptions): Promise<RunResponse>;
  languages(): Promise<LanguageInfo[]>;
}

export interface Readiness {
  ready: boolean;
  /** The node is stopping: it finishes what it accepted and refuses new runs. */
  draining: boolean;
  engine: boolean;
  runtime: string;
  images: Record<string, boolean>;
  pool: Record<string, number>;
  problems: string[];
}

export interface Sandbox extends SandboxRunner {
  readiness(): Promise<Readiness>;
  stats(): { queued: number; running: number; ready: Record<string, number>; draining: boolean };
  readonly metrics: SandboxMetrics;
  readonly config: SandboxConfig;
  /** From now on `run` refuses with `node_draining` (503) and `readiness()` says so; accepted runs go on. */
  drain(): void;
  /**
   * Drains, waits for the accepted runs (at most `graceMs`, unbounded without it), then removes
   * the containers still running for this process and the warm pool.
   */
  close(options?: { graceMs?: number }): Promise<void>;
  /** Removes every container this process started, running or warm, without waiting for runs. */
  removeContainers(): Promise<number>;
}

export interface SandboxOptions {
  docker?: Docker;
  languagesDir?: string;
  config?: Partial<SandboxConfig>;
  logger?: Logger;
}

/** Room the agent, the tmpfs (charged to the container's memory) and runtime overhead need beyond the run. */
const CONTAINER_SLACK_MB = 64;
const COMPILE_OUTPUT_BYTES = 64 * 1024;
/** Beyond the steps' own wall clocks, how long the host waits before killing the whole container. */
const DEADLINE_MARGIN_MS = 10_000;

const wallFor = (cpuMs: number) => cpuMs * 2 + 1000;

/**
 * Builds the sandbox: loads the language manifests, sweeps containers left by dead
 * processes, and starts warming the pool. Never throws for a missing engine or image:
 * `readiness()` says what is missing and `run` answers with a clear error.
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config: SandboxConfig = { ...defaultConfig, ...options.config };
  const docker = options.docker ?? new Docker();
  const logger = options.logger ?? pino({ level: "silent" });
  const manifests = await loadManifests(options.languagesDir ?? defaultLanguagesDir);
  const metrics = createMetrics();
  const images = new Map<string, boolean>();

  const specFor = (language: string): ContainerSpec => {
    const m = manifests.get(language);
    if (!m) throw new Error(`unknown language ${language}`);
    return {
      image: imageTag(language),
      memoryBytes: containerMemoryMb(m, config.defaults.memoryMb, config.workDirMb) * 1024 * 1024,
      pidsLimit: m.pidsLimit,
      workDirMb: config.workDirMb,
      nanoCpus: Math.round(config.cpus * 1e9),
      runtime: config.runtime,
      env: [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME=/work",
        "TMPDIR=/work",
        "LANG=C.UTF-8",
        ...Object.entries(m.env).map(([k, v]) => `${k}=${v}`),
      ],
      labels: {
        [SANDBOX_LABEL]: "1",
        [OWNER_PID_LABEL]: String(process.pid),
        [OWNER_HOST_LABEL]: os.hostname(),
        [OWNER_INSTANCE_LABEL]: PROCESS_INSTANCE,
      },
    };
  };

  const pool = new WarmPool({
    docker,
    size: config.poolSize,
    startConcurrency: config.startConcurrency,
    specFor,
    logger,
  });
  const slots = new PQueue({ concurrency: config.maxConcurrency });
  let averageRunMs = 500;
  let draining = false;
  // Set once this process removes its own running containers: their outcome is not a verdict.
  let abandoned = false;

  const engineUp = async () =>
    docker.ping().then(
      () => true,
      () => false,
    );

  const checkImage = async (language: string): Promise<boolean> => {
    const present = await docker
      .getImage(imageTag(language))
      .inspect()
      .then(
        () => true,
        () => false,
      );
    const was = images.get(language);
    images.set(language, present);
    if (present && !was && (!config.warmLanguages || config.warmLanguages.includes(language)))
      pool.warm(language);
    return present;
  };

  if (await engineUp()) {
    await sweepLeftovers(docker, logger);
    await Promise.all([...manifests.keys()].map(checkImage));
  } else {
    logger.warn("no Docker engine answers; runs will fail until one does");
  }

  metrics.gauges(() => stats());

  function stats() {
    const ready: Record<string, number> = {};
    for (const id of manifests.keys()) ready[id] = pool.readyCount(id);
    return { queued: slots.size, running: slots.pending, ready, draining };
  }

  async function removeContainers(): Promise<number> {
    abandoned = true;
    const own = await docker
      .listContainers({
        all: true,
        filters: {
          label: [SANDBOX_LABEL, `${OWNER_PID_LABEL}=${process.pid}`, `${OWNER_HOST_LABEL}=${os.hostname()}`],
        },
      })
      .catch(() => []);
    await Promise.all(
      own.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    return own.length;
  }

  async function execute(
    request: ParsedRunRequest,
    manifest: Manifest,
    limits: LimitSet,
    onTest?: (result: TestResult) => void,
  ): Promise<RunResponse> {
    const files = request.files ?? [{ name: manifest.mainFile, content: request.code ?? "" }];
    const main = mainFileOf(manifest, files);
    const ctx = { main, files, heapMb: limits.memoryMb };
    const steps: JobStep[] = [];
    if (manifest.compile) {
      steps.push({
        kind: "compile",
        argv: expandCommand(manifest.compile.command, { ...ctx, sources: manifest.compile.sources }),
        stdin: "",
        cpuMs: manifest.compile.timeMs,
        wallMs: wallFor(manifest.compile.timeMs),
        memoryKb: manifest.compile.memoryMb * 1024,
        outputBytes: COMPILE_OUTPUT_BYTES,
      });
    }
    const runArgv = expandCommand(manifest.run, ctx);
    const runs = request.tests ?? [
      { id: "run", stdin: request.stdin, args: request.args, expected: undefined },
    ];
    for (const test of runs) {
      steps.push({
        kind: "run",
        argv: [...runArgv, ...(test.args ?? [])],
        stdin: test.stdin ?? "",
        cpuMs: limits.timeMs,
        wallMs: wallFor(limits.timeMs),
        memoryKb: limits.memoryMb * 1024,
        outputBytes: limits.outputKb * 1024,
      });
    }
    const deadline = steps.reduce((sum, s) => sum + s.wallMs, DEADLINE_MARGIN_MS);
    const memoryBytes = containerMemoryMb(manifest, limits.memoryMb, config.workDirMb) * 1024 * 1024;

    const started = Date.now();
    const container = await pool.acquire(manifest.id, memoryBytes).catch((err: Error) => {
      throw new EngineUnavailableError(
        "container_start_failed",
        `Could not start a ${manifest.name} sandbox container: ${err.message}`,
      );
    });
    const firstTest = manifest.compile ? 1 : 0;
    const tests = request.tests;
    const compare: Compare = request.compare ?? "trim";
    const onRecord =
      onTest && tests
        ? (record: StepRecord) => {
            const test = record.index >= firstTest ? tests[record.index - firstTest] : undefined;
            if (!test) return;
            try {
              onTest(testResult(test, record, undefined, compare, limits.memoryMb * 1024));
            } catch (err) {
              logger.warn({ err }, "progress callback failed");
            }
          }
        : undefined;
    let outcome: Outcome;
    try {
      outcome = await container.execute(encodeJob(files, steps), deadline, onRecord);
    } finally {
      pool.discard(container);
    }
    if (abandoned && outcome.kind !== "done") throw new RunAbandonedError();
    const elapsed = Date.now() - started;
    averageRunMs = averageRunMs * 0.8 + elapsed * 0.2;
    metrics.runSeconds.observe({ language: manifest.id }, elapsed / 1000);
    if (outcome.kind === "failed")
      logger.error({ language: manifest.id, agent: outcome.message }, "agent refused job");
    if (outcome.kind === "lost" && !outcome.deadline && !outcome.oomKilled) {
      logger.warn(
        { language: manifest.id, exitCode: outcome.exitCode ?? null, records: outcome.records.length },
        "the sandbox container ended before the agent finished",
      );
    }
    return assemble(outcome, steps, request, limits);
  }

  return {
    config,
    metrics,
    stats,

    async languages() {
      return [...manifests.values()].map(languageInfo);
    },

    async run(input, options = {}) {
      const parsed = RunRequest.safeParse(input);
      if (!parsed.success) {
        throw new ValidationError("invalid_request", "The run request is not valid.", parsed.error.issues);
      }
      if (draining) throw new NodeDrainingError(Math.max(1, Math.ceil(averageRunMs / 1000)));
      const request = parsed.data;
      const manifest = manifests.get(request.language);
      if (!manifest) {
        throw new ValidationError(
          "unknown_language",
          `Unknown language "${request.language}". Known languages: ${[...manifests.keys()].join(", ")}.`,
        );
      }
      const limits = resolveLimits(request, config);
      if (!images.get(manifest.id) && !(await checkImage(manifest.id))) {
        const engine = await engineUp();
        throw new EngineUnavailableError(
          engine ? "image_missing" : "engine_unavailable",
          engine
            ? `The ${manifest.name} image ${imageTag(manifest.id)} is not built; run \`npm run sandbox:images\`.`
            : "No Docker engine answers; start dockerd (or set DOCKER_HOST) and try again.",
        );
      }
      const slotFree = slots.pending < config.maxConcurrency && slots.size === 0;
      if (!slotFree && slots.size >= config.maxQueue) {
        metrics.rejected.inc();
        const waitMs = ((slots.size + slots.pending) * averageRunMs) / config.maxConcurrency;
        throw new OverloadedError(Math.max(1, Math.ceil(waitMs / 1000)));
      }
      const queuedAt = Date.now();
      const response = await slots.add(() => {
        metrics.queueWaitSeconds.observe((Date.now() - queuedAt) / 1000);
        return execute(request, manifest, limits, options.onTest);
      });
      metrics.runs.inc({ language: manifest.id, status: response.status });
      return response;
    },

    async readiness() {
      const engine = await engineUp();
      const imageState: Record<string, boolean> = {};
      const problems: string[] = [];
      if (draining)
        problems.push("The node is draining: it finishes the runs it accepted and takes no new one.");
      if (!engine) problems.push("No Docker engine answers.");
      else await Promise.all([...manifests.keys()].map(checkImage));
      for (const id of manifests.keys()) {
        imageState[id] = engine && images.get(id) === true;
        if (engine && !imageState[id])
          problems.push(`Image ${imageTag(id)} is missing; run \`npm run sandbox:images\`.`);
        const err = pool.error(id);
        if (err) problems.push(`${id}: ${err}`);
      }
      const ready = stats().ready;
      const warm =
        config.poolSize === 0 || Object.entries(ready).every(([id, n]) => n > 0 || !pool.warming(id));
      if (engine && !warm) problems.push("The warm pool is still filling.");
      return {
        ready: problems.length === 0,
        draining,
        engine,
        runtime: config.runtime,
        images: imageState,
        pool: ready,
        problems,
      };
    },

    drain() {
      draining = true;
    },

    removeContainers,

    async close({ graceMs } = {}) {
      draining = true;
      const idle = slots.onIdle().then(() => true);
      const finished =
        graceMs === undefined
          ? await idle
          : await Promise.race([
              idle,
              new Promise<false>((r) => setTimeout(() => r(false), graceMs).unref()),
            ]);
      if (!finished) {
        const removed = await removeContainers();
        logger.warn(
          { running: slots.pending, queued: slots.size, removed },
          "drain time is up; removed the containers of the runs still going",
        );
        slots.clear();
        await Promise.race([slots.onIdle(), new Promise((r) => setTimeout(r, 5000).unref())]);
      }
      await pool.close();
    },
  };
}

function containerMemoryMb(m: Manifest, runMemoryMb: number, workDirMb: number): number {
  return Math.max(runMemoryMb, m.compile?.memoryMb ?? 0) + workDirMb + CONTAINER_SLACK_MB;
}

function resolveLimits(request: ParsedRunRequest, config: SandboxConfig): LimitSet {
  const limits: LimitSet = { ...config.defaults, ...request.limits };
  const over = (Object.keys(limits) as (keyof LimitSet)[]).filter((k) => limits[k] > config.maximums[k]);
  if (over.length > 0) {
    throw new ValidationError(
      "limit_too_high",
      `Requested limits exceed this sandbox's maximums: ${over.map((k) => `${k} ${limits[k]} > ${config.maximums[k]}`).join(", ")}.`,
      { maximums: config.maximums },
    );
  }
  return limits;
}

const emptyStage = (): Stage => ({
  stdout: "",
  stderr: "",
  exitCode: null,
  timeMs: 0,
  wallMs: 0,
  memoryKb: 0,
  truncated: false,
});

/** A step with no record: the container ended early. Say why as precisely as the engine lets us. */
function lostVerdict(outcome: Outcome): Verdict {
  if (outcome.kind === "lost" && outcome.oomKilled) return "memory_limit_exceeded";
  if (outcome.kind === "lost" && outcome.deadline) return "time_limit_exceeded";
  return "internal_error";
}

function assemble(
  outcome: Outcome,
  steps: JobStep[],
  request: ParsedRunRequest,
  limits: LimitSet,
): RunResponse {
  const byIndex = new Map<number, StepRecord>(outcome.records.map((r) => [r.index, r]));
  const message = outcome.kind === "failed" ? "The sandbox could not run this job." : undefined;
  let index = 0;
  let compile: Stage | undefined;
  const compileStep = steps[0]?.kind === "compile" ? steps[0] : undefined;
  if (compileStep) {
    const record = byIndex.get(index++);
    compile = record ? toStage(record) : emptyStage();
    const verdict = record ? stepVerdict(record, compileStep.memoryKb) : lostVerdict(outcome);
    if (verdict !== "accepted") {
      const status: Verdict =
        verdict === "internal_error" && !record ? "internal_error" : "compilation_error";
      return { status, compile, ...(message ? { message } : {}) };
    }
  }
  const compare: Compare = request.compare ?? "trim";
  const memoryKb = limits.memoryMb * 1024;

  if (!request.tests) {
    const record = byIndex.get(index);
    const run = record ? toStage(record) : emptyStage();
    const status = record ? stepVerdict(record, memoryKb) : lostVerdict(outcome);
    return { status, ...(compile ? { compile } : {}), run, ...(message ? { message } : {}) };
  }

  const tests: TestResult[] = request.tests.map((test) =>
    testResult(test, byIndex.get(index++), outcome, compare, memoryKb),
  );
  const status = tests.find((t) => t.verdict !== "accepted")?.verdict ?? "accepted";
  return { status, ...(compile ? { compile } : {}), tests, ...(message ? { message } : {}) };
}

/** One test's result from its step record, or from how the container ended when it has none. */
function testResult(
  test: TestCase,
  record: StepRecord | undefined,
  outcome: Outcome | undefined,
  compare: Compare,
  memoryKb: number,
): TestResult {
  const stage = record ? toStage(record) : emptyStage();
  let verdict = record ? stepVerdict(record, memoryKb) : outcome ? lostVerdict(outcome) : "internal_error";
  if (
    verdict === "accepted" &&
    test.expected !== undefined &&
    !outputMatches(stage.stdout, test.expected, compare)
  ) {
    verdict = "wrong_answer";
  }
  const { wallMs, timeMs, memoryKb: used, stdout, stderr, exitCode, signal, truncated } = stage;
  return {
    id: test.id,
    verdict,
    timeMs,
    wallMs,
    memoryKb: used,
    stdout,
    stderr,
    exitCode,
    ...(signal ? { signal } : {}),
    truncated,
  };
}

/** This process's id on the containers it makes (see OWNER_INSTANCE_LABEL). */
const PROCESS_INSTANCE = randomUUID();

async function sweepLeftovers(docker: Docker, logger: Logger): Promise<void> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } });
  const host = os.hostname();
  const stale = leftovers.filter((c) => {
    const pid = Number(c.Labels[OWNER_PID_LABEL]);
    if (c.Labels[OWNER_HOST_LABEL] !== host) return false;
    // Our own pid but another process's id: a predecessor that was killed (pid 1 in a container).
    const instance = c.Labels[OWNER_INSTANCE_LABEL];
    if (pid === process.pid && instance && instance !== PROCESS_INSTANCE) return true;
    return !(Number.isInteger(pid) && pid > 0 && processAlive(pid));
  });
  await Promise.all(
    stale.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  if (stale.length > 0)
    logger.info({ removed: stale.length }, "removed sandbox containers left by earlier runs");
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
