import {
  createSandboxClient,
  EngineUnavailableError,
  OverloadedError,
  type RunOptions,
  type RunRequest,
  type SandboxRunner,
} from "@codeground/sandbox";
import type { Logger } from "pino";
import { Counter, Gauge, type Registry } from "prom-client";

/** A runner that also has figures for `/metrics` and a timer to stop. */
export interface SandboxPool extends SandboxRunner {
  registerMetrics(registry: Registry): void;
  /** Checks every node's `/readyz` now (the interval does it on its own). */
  checkNow(): Promise<void>;
  close(): void;
}

interface Node {
  /** host:port, as metrics and logs name it (the URL never carries the token). */
  label: string;
  url: string;
  client: SandboxRunner;
  outstanding: number;
  health: Health;
}

/**
 * `ready`: /readyz answered 200. `unready`: it answered otherwise (say, its warm pool refilling
 * while busy): used only when no ready node is left. `down`: no answer, or draining: skipped.
 */
type Health = "ready" | "unready" | "down";

/**
 * A refusal before the run started: the node said no (429, 503) or never answered (connection
 * refused or reset before any response). Once a streamed run has begun answering, a failure is
 * `sandbox_stream_broken`, and the run is never sent to another node from here.
 */
function refusedBeforeStart(err: unknown): boolean {
  if (err instanceof OverloadedError) return true;
  return err instanceof EngineUnavailableError && err.code !== "sandbox_stream_broken";
}

/**
 * Several sandbox nodes behind the runner interface: each run goes to the ready node with the
 * least outstanding work; a node that refuses a run before it started passes it to the next.
 */
export function createSandboxPool({
  urls,
  token,
  logger,
  checkEveryMs = 5000,
  checkTimeoutMs = 2000,
}: {
  urls: string[];
  token: string;
  logger: Logger;
  checkEveryMs?: number;
  checkTimeoutMs?: number;
}): SandboxPool {
  const nodes: Node[] = urls.map((url) => ({
    label: new URL(url).host,
    url: url.replace(/\/+$/, ""),
    client: createSandboxClient({ url, token }),
    outstanding: 0,
    // Optimistic until the first check: a run at start-up is tried rather than refused.
    health: "ready" as Health,
  }));
  const labelNames = ["node"] as const;
  const sent = new Counter({
    name: "codeground_api_sandbox_runs_sent_total",
    help: "Runs sent to each sandbox node",
    labelNames,
    registers: [],
  });
  const refused = new Counter({
    name: "codeground_api_sandbox_runs_refused_total",
    help: "Runs a sandbox node refused before they started (429, 503, no connection)",
    labelNames,
    registers: [],
  });
  const failedOver = new Counter({
    name: "codeground_api_sandbox_runs_failed_over_total",
    help: "Runs moved from this sandbox node to another after it refused them",
    labelNames,
    registers: [],
  });
  const outstanding = new Gauge({
    name: "codeground_api_sandbox_runs_outstanding",
    help: "Runs sent to each sandbox node and not yet answered",
    labelNames,
    registers: [],
    collect() {
      for (const n of nodes) this.set({ node: n.label }, n.outstanding);
    },
  });
  const up = new Gauge({
    name: "codeground_api_sandbox_node_up",
    help: "1 when the sandbox node's /readyz answered 200 at the last check, else 0",
    labelNames,
    registers: [],
    collect() {
      for (const n of nodes) this.set({ node: n.label }, n.health === "ready" ? 1 : 0);
    },
  });
  for (const n of nodes) {
    for (const c of [sent, refused, failedOver]) c.inc({ node: n.label }, 0);
  }

  async function check(node: Node): Promise<void> {
    const was = node.health;
    try {
      const response = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(checkTimeoutMs) });
      const body = (await response.json().catch(() => undefined)) as { draining?: unknown } | undefined;
      node.health = response.status === 200 ? "ready" : body?.draining === true ? "down" : "unready";
    } catch {
      node.health = "down";
    }
    if (was !== node.health)
      logger.warn({ node: node.label, health: node.health }, "sandbox node health changed");
  }
  const checkNow = async () => {
    await Promise.all(nodes.map(check));
  };
  const timer = setInterval(() => void checkNow(), checkEveryMs);
  timer.unref();
  void checkNow();

  let turn = 0;
  /**
   * The node not tried yet for this run with the least outstanding work, ready ones first; ties
   * take turns. None when every node left is down or draining.
   */
  function pick(tried: Set<Node>): Node | undefined {
    turn = (turn + 1) % nodes.length;
    let best: Node | undefined;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[(turn + i) % nodes.length] as Node;
      if (n.health === "down" || tried.has(n)) continue;
      const better =
        !best ||
        (n.health === "ready" && best.health !== "ready") ||
        (n.health === best.health && n.outstanding < best.outstanding);
      if (better) best = n;
    }
    return best;
  }

  async function run(request: RunRequest, options?: RunOptions) {
    const tried = new Set<Node>();
    let last: unknown;
    for (let node = pick(tried); node; node = pick(tried)) {
      tried.add(node);
      node.outstanding++;
      sent.inc({ node: node.label });
      try {
        return await node.client.run(request, options);
      } catch (err) {
        if (!refusedBeforeStart(err)) throw err;
        last = err;
        refused.inc({ node: node.label });
        // A node that cannot be reached is down until its next good check; a busy one is not.
        if (err instanceof EngineUnavailableError) {
          node.health = "down";
          void check(node);
        }
        if (nodes.some((n) => n.health !== "down" && !tried.has(n))) failedOver.inc({ node: node.label });
      } finally {
        node.outstanding--;
      }
    }
    if (last instanceof OverloadedError) throw last;
    throw new EngineUnavailableError(
      "no_sandbox_ready",
      "No sandbox node is ready to take the run right now.",
      { nodes: nodes.length },
    );
  }

  return {
    run,
    async languages() {
      let last: unknown;
      const order: Health[] = ["ready", "unready", "down"];
      for (const node of [...nodes].sort((a, b) => order.indexOf(a.health) - order.indexOf(b.health))) {
        try {
          return await node.client.languages();
        } catch (err) {
          last = err;
        }
      }
      throw last;
    },
    registerMetrics(registry) {
      for (const m of [sent, refused, failedOver, outstanding, up]) registry.registerMetric(m);
    },
    checkNow,
    close() {
      clearInterval(timer);
    },
  };
}
