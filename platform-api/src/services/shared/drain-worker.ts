import type { Logger } from "pino";

/**
 * A queue worker in this process: `drainOnce` attempts what is due, one drain at a time (a call
 * while one runs makes it go round once more), on a timer once started. Failures are logged, never
 * thrown at the caller. Webhook deliveries and LTI score deliveries run on it.
 */
export function createDrainWorker({
  drainOnce,
  pollMs,
  logger,
  what,
}: {
  drainOnce: () => Promise<void>;
  pollMs: number;
  logger: Logger;
  /** Names the worker in the log line of a failure: "webhook worker". */
  what: string;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await drainOnce();
      } while (again);
    })()
      .catch((err) => {
        logger.error({ err }, `${what} failed`);
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    /** Attempts what is due now; the timer calls it, and so do tests and new work. */
    drain,
    /** Starts the timer, and attempts at once what was left from before a restart. */
    start(): void {
      if (timer) return;
      timer = setInterval(() => void drain(), pollMs);
      timer.unref();
      void drain();
    },
    /** Stops the timer and waits for the attempt in flight. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
