import type Docker from "dockerode";
import PQueue from "p-queue";
import type { Logger } from "pino";
import { type ContainerSpec, WarmContainer } from "./container.js";

export interface PoolOptions {
  docker: Docker;
  /** Fresh containers kept started and waiting, per language. */
  size: number;
  specFor: (language: string) => ContainerSpec;
  logger: Logger;
  /** How many containers may be starting at once (the engine is the bottleneck on small hosts). */
  startConcurrency?: number;
  retryDelayMs?: number;
}

/**
 * Keeps, per language, a few started containers waiting for their one job, so starting
 * a container is off the request path. Every container serves one job and is removed;
 * the pool refills in the background.
 */
export class WarmPool {
  private readonly ready = new Map<string, WarmContainer[]>();
  /** The languages `warm` was called for: the pool refills only these. */
  private readonly warmed = new Set<string>();
  private readonly starting = new Map<string, number>();
  private readonly lastError = new Map<string, string>();
  private readonly starts: PQueue;
  private readonly removals = new Set<Promise<void>>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    this.starts = new PQueue({ concurrency: opts.startConcurrency ?? 2 });
  }

  /** Keeps the language warm from now on (a language is also from its first `acquire` on). */
  warm(language: string): void {
    this.warmed.add(language);
    this.refill(language);
  }

  /** Whether the pool keeps containers warm for the language (`warm` was called for it). */
  warming(language: string): boolean {
    return this.warmed.has(language);
  }

  readyCount(language: string): number {
    return this.live(language).length;
  }

  error(language: string): string | undefined {
    return this.lastError.get(language);
  }

  /**
   * A fresh started container with at least `memoryBytes` of memory: a warm one if there is
   * one (resized when the run needs more), else one started now, ahead of refills. From then on
   * the pool keeps the language warm.
   */
  async acquire(language: string, memoryBytes = 0): Promise<WarmContainer> {
    const warm = this.live(language).shift();
    this.warmed.add(language);
    this.refill(language);
    if (warm && warm.memoryBytes >= memoryBytes) return warm;
    if (warm) {
      const resized = await warm.resize(memoryBytes).then(
        () => true,
        () => false,
      );
      if (resized) return warm;
      this.discard(warm); // some runtimes cannot resize a running container: start one to size
    }
    const spec = this.opts.specFor(language);
    const sized = { ...spec, memoryBytes: Math.max(spec.memoryBytes, memoryBytes) };
    return this.starts.add(() => WarmContainer.start(this.opts.docker, sized), { priority: 10 });
  }

  /** Removes a used container in the background; `close` waits for all of them. */
  discard(container: WarmContainer): void {
    const removal = container.dispose().finally(() => this.removals.delete(removal));
    this.removals.add(removal);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.starts.clear();
    await this.starts.onIdle();
    for (const list of this.ready.values()) {
      for (const c of list.splice(0)) this.discard(c);
    }
    await Promise.all([...this.removals]);
  }

  private live(language: string): WarmContainer[] {
    const list = this.ready.get(language) ?? [];
    const alive = list.filter((c) => c.alive);
    for (const dead of list.filter((c) => !c.alive)) this.discard(dead);
    this.ready.set(language, alive);
    return alive;
  }

  private refill(language: string): void {
    if (this.closed || !this.warmed.has(language)) return;
    const missing = this.opts.size - this.live(language).length - (this.starting.get(language) ?? 0);
    for (let i = 0; i < missing; i++) {
      this.starting.set(language, (this.starting.get(language) ?? 0) + 1);
      void this.starts
        .add(() => WarmContainer.start(this.opts.docker, this.opts.specFor(language)))
        .then(
          (container) => {
            this.lastError.delete(language);
            if (this.closed || !container) {
              if (container) this.discard(container);
              return;
            }
            this.ready.get(language)?.push(container);
          },
          (err: Error) => {
            this.lastError.set(language, err.message);
            this.opts.logger.warn({ language, err: err.message }, "could not start a warm sandbox container");
            const timer = setTimeout(() => {
              this.retryTimers.delete(timer);
              this.refill(language);
            }, this.opts.retryDelayMs ?? 5000);
            timer.unref();
            this.retryTimers.add(timer);
          },
        )
        .finally(() => {
          this.starting.set(language, (this.starting.get(language) ?? 1) - 1);
        });
    }
  }
}
