import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface SandboxMetrics {
  registry: Registry;
  runs: Counter<"language" | "status">;
  runSeconds: Histogram<"language">;
  queueWaitSeconds: Histogram;
  rejected: Counter;
  gauges(
    collect: () => { queued: number; running: number; ready: Record<string, number>; draining: boolean },
  ): void;
}

/** One registry per sandbox instance, so several instances (tests) never share counters. */
export function createMetrics(): SandboxMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "codeground_sandbox_" });
  const runs = new Counter({
    name: "codeground_sandbox_runs_total",
    help: "Runs finished, by language and status",
    labelNames: ["language", "status"] as const,
    registers: [registry],
  });
  const runSeconds = new Histogram({
    name: "codeground_sandbox_run_seconds",
    help: "Time from taking a container to having the result",
    labelNames: ["language"] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const queueWaitSeconds = new Histogram({
    name: "codeground_sandbox_queue_wait_seconds",
    help: "Time a run waited for a free slot",
    buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const rejected = new Counter({
    name: "codeground_sandbox_rejected_total",
    help: "Runs refused with 429 because the queue was full",
    registers: [registry],
  });
  return {
    registry,
    runs,
    runSeconds,
    queueWaitSeconds,
    rejected,
    gauges(collect) {
      new Gauge({
        name: "codeground_sandbox_queued",
        help: "Runs waiting for a slot",
        registers: [registry],
        collect() {
          this.set(collect().queued);
        },
      });
      new Gauge({
        name: "codeground_sandbox_running",
        help: "Runs executing now",
        registers: [registry],
        collect() {
          this.set(collect().running);
        },
      });
      new Gauge({
        name: "codeground_sandbox_draining",
        help: "1 while the node is stopping: finishing accepted runs and refusing new ones",
        registers: [registry],
        collect() {
          this.set(collect().draining ? 1 : 0);
        },
      });
      new Gauge({
        name: "codeground_sandbox_pool_ready",
        help: "Warm containers waiting, by language",
        labelNames: ["language"] as const,
        registers: [registry],
        collect() {
          for (const [language, n] of Object.entries(collect().ready)) this.set({ language }, n);
        },
      });
    },
  };
}
