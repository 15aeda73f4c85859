import { promises as dns, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
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
  /** Left the pool (its address went out of DNS): runs in flight finish, no new one comes. */
  gone?: boolean;
}

/** Resolves a host name to every address it has, as `dns.promises.lookup(name, { all: true })`. */
export type LookupAll = (hostname: string) => Promise<LookupAddress[]>;

const systemLookup: LookupAll = (hostname) => dns.lookup(hostname, { all: true });

/**
 * A `dns+http://name:port` entry: one node per address the name resolves to (Docker Swarm's
 * `tasks.<service>`, a Kubernetes headless service), looked up again at every health check.
 */
interface DnsEntry {
  /** As configured, for logs (no secret in it: the token is a header). */
  entry: string;
  protocol: string;
  hostname: string;
  port: string;
  /** The node URLs of the last answer. */
  urls: string[];
  /** The last answer was no address at all (warned once until addresses come back). */
  empty: boolean;
}

const DNS_PREFIX = "dns+";

function dnsEntry(entry: string): DnsEntry {
  const u = new URL(entry.slice(DNS_PREFIX.length));
  return { entry, protocol: u.protocol, hostname: u.hostname, port: u.port, urls: [], empty: false };
}

/**
 * The node URL for one address: IPv6 in brackets. None for what has no URL form (a zoned
 * link-local address) or is not an address at all.
 */
function addressUrl(d: DnsEntry, { address, family }: LookupAddress): string | undefined {
  if (isIP(address) !== family) return undefined;
  try {
    return new URL(`${d.protocol}//${family === 6 ? `[${address}]` : address}:${d.port}`)
      .toString()
      .replace(/\/$/, "");
  } catch {
    return undefined;
  }
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
 * A `dns+http://name:port` (or `dns+https://`) entry stands for every address `name` resolves
 * to, looked up at start and at every health check: new addresses join, vanished ones leave.
 */
export function createSandboxPool({
  urls,
  token,
  logger,
  checkEveryMs = 5000,
  checkTimeoutMs = 2000,
  lookup = systemLookup,
}: {
  urls: string[];
  token: string;
  logger: Logger;
  checkEveryMs?: number;
  checkTimeoutMs?: number;
  /** How `dns+` entries are resolved; tests answer for DNS here. */
  lookup?: LookupAll;
}): SandboxPool {
  const makeNode = (url: string, health: Health): Node => ({
    label: new URL(url).host,
    url: url.replace(/\/+$/, ""),
    client: createSandboxClient({ url, token }),
    outstanding: 0,
    health,
  });
  const dnsEntries = urls.filter((u) => u.startsWith(DNS_PREFIX)).map(dnsEntry);
  // Optimistic until the first check: a run at start-up is tried rather than refused.
  const fixed: Node[] = urls.filter((u) => !u.startsWith(DNS_PREFIX)).map((url) => makeNode(url, "ready"));
  let nodes: Node[] = [...fixed];
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
  const zeroCounters = (n: Node) => {
    for (const c of [sent, refused, failedOver]) c.inc({ node: n.label }, 0);
  };
  for (const n of nodes) zeroCounters(n);
  /** A departed node's counters stop growing: count only nodes still in the pool. */
  const count = (counter: Counter<"node">, n: Node) => {
    if (!n.gone) counter.inc({ node: n.label });
  };

  /**
   * Asks DNS for every `dns+` entry's addresses and makes the pool's nodes match the answers.
   * Never throws: it runs from a timer, and a failed round leaves the pool as it was.
   */
  async function discover(): Promise<void> {
    try {
      await Promise.all(dnsEntries.map(resolveEntry));
      reconcile();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "sandbox DNS discovery failed; the pool stays as it was");
    }
  }

  function reconcile(): void {
    const wanted = new Map<string, string>();
    const fixedLabels = new Set(fixed.map((n) => n.label));
    for (const d of dnsEntries) {
      for (const url of d.urls) {
        const label = new URL(url).host;
        if (!fixedLabels.has(label) && !wanted.has(label)) wanted.set(label, url);
      }
    }
    const next = [...fixed];
    for (const n of nodes) {
      if (fixedLabels.has(n.label)) continue;
      if (wanted.has(n.label)) {
        next.push(n);
        wanted.delete(n.label);
        continue;
      }
      n.gone = true;
      for (const m of [sent, refused, failedOver, outstanding, up]) m.remove({ node: n.label });
      logger.info({ node: n.label, outstanding: n.outstanding }, "sandbox node left the pool");
    }
    for (const url of wanted.values()) {
      // Used only when no ready node is left, until its first check (right after this).
      const n = makeNode(url, "unready");
      zeroCounters(n);
      next.push(n);
      logger.info({ node: n.label }, "sandbox node joined the pool");
    }
    nodes = next;
  }

  async function resolveEntry(d: DnsEntry): Promise<void> {
    let addresses: LookupAddress[];
    try {
      addresses = await lookup(d.hostname);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // The name exists no more (a service scaled to nothing): no nodes from it. Anything else
      // (DNS not answering) keeps the last answer; the health checks tell whether those still run.
      if (code !== "ENOTFOUND" && code !== "ENODATA") {
        logger.warn({ entry: d.entry, code }, "sandbox DNS lookup failed; keeping the nodes it gave last");
        return;
      }
      addresses = [];
    }
    const urls = addresses.flatMap((a) => addressUrl(d, a) ?? []);
    d.urls = [...new Set(urls)].sort();
    if (d.urls.length === 0 && !d.empty) {
      logger.warn(
        { entry: d.entry },
        "sandbox DNS name resolves to no address; no sandbox node from it until it does",
      );
    } else if (d.urls.length > 0 && d.empty) {
      logger.info({ entry: d.entry, nodes: d.urls.length }, "sandbox DNS name resolves again");
    }
    d.empty = d.urls.length === 0;
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
    if (dnsEntries.length > 0) await discover();
    await Promise.all(nodes.map(check));
  };
  const timer = setInterval(() => void checkNow(), checkEveryMs);
  timer.unref();
  // With `dns+` entries, runs wait for the first DNS answer rather than find no node at start-up.
  let firstDiscovery: Promise<void> | undefined;
  if (dnsEntries.length === 0) void checkNow();
  else {
    firstDiscovery = discover().finally(() => {
      firstDiscovery = undefined;
    });
    void firstDiscovery.then(() => Promise.all(nodes.map(check)));
  }

  let turn = 0;
  /**
   * The node not tried yet for this run with the least outstanding work, ready ones first; ties
   * take turns. None when every node left is down or draining.
   */
  function pick(tried: Set<Node>): Node | undefined {
    if (nodes.length === 0) return undefined;
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
    if (firstDiscovery) await firstDiscovery;
    const tried = new Set<Node>();
    let last: unknown;
    for (let node = pick(tried); node; node = pick(tried)) {
      tried.add(node);
      node.outstanding++;
      count(sent, node);
      try {
        return await node.client.run(request, options);
      } catch (err) {
        if (!refusedBeforeStart(err)) throw err;
        last = err;
        count(refused, node);
        // A node that cannot be reached is down until its next good check; a busy one is not.
        if (err instanceof EngineUnavailableError) {
          if (node.health !== "down") {
            logger.warn({ node: node.label, health: "down" }, "sandbox node health changed");
            node.health = "down";
          }
          void check(node);
        }
        if (nodes.some((n) => n.health !== "down" && !tried.has(n))) count(failedOver, node);
      } finally {
        node.outstanding--;
      }
    }
    if (last instanceof OverloadedError) throw last;
    throw noNode();
  }

  function noNode(): EngineUnavailableError {
    return new EngineUnavailableError(
      "no_sandbox_ready",
      "No sandbox node is ready to take the run right now.",
      { nodes: nodes.length },
    );
  }

  return {
    run,
    async languages() {
      if (firstDiscovery) await firstDiscovery;
      let last: unknown = noNode();
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
