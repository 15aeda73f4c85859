import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

type Road = [number, number, number];

/** Dijkstra with a binary heap; costs stay below 2^53 (at most 50 000 roads of 10^9). */
function cheapest(n: number, roads: Road[]): number {
  const out: Array<Array<[number, number]>> = Array.from({ length: n + 1 }, () => []);
  for (const [u, v, w] of roads) (out[u] as Array<[number, number]>).push([v, w]);
  const dist = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const heap: Array<[number, number]> = [];
  const push = (item: [number, number]) => {
    let i = heap.push(item) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heap[p] as [number, number])[0] <= item[0]) break;
      heap[i] = heap[p] as [number, number];
      i = p;
    }
    heap[i] = item;
  };
  const pop = () => {
    const top = heap[0] as [number, number];
    const last = heap.pop() as [number, number];
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heap.length) break;
        if (c + 1 < heap.length && (heap[c + 1] as [number, number])[0] < (heap[c] as [number, number])[0])
          c++;
        if ((heap[c] as [number, number])[0] >= last[0]) break;
        heap[i] = heap[c] as [number, number];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  dist[1] = 0;
  push([0, 1]);
  while (heap.length > 0) {
    const [d, u] = pop();
    if (d > (dist[u] as number)) continue;
    for (const [v, w] of out[u] as Array<[number, number]>) {
      if (d + w < (dist[v] as number)) {
        dist[v] = d + w;
        push([d + w, v]);
      }
    }
  }
  return dist[n] === Number.POSITIVE_INFINITY ? -1 : (dist[n] as number);
}

/** A random route through every city (so city n is reachable) plus random roads, some of them cheap. */
function randomMap(rng: Rng, n: number, m: number, maxCost: number): Road[] {
  const middle = rng.shuffle(Array.from({ length: n - 2 }, (_, i) => i + 2));
  const route = [1, ...middle, n];
  const roads: Road[] = [];
  for (let i = 0; i + 1 < route.length; i++) {
    roads.push([route[i] as number, route[i + 1] as number, rng.int(1, maxCost)]);
  }
  while (roads.length < m) roads.push([rng.int(1, n), rng.int(1, n), rng.int(1, maxCost)]);
  return rng.shuffle(roads);
}

/** Cities in a line, each road to the next city costing the maximum, listed from the last one back. */
const expensiveLine = (n: number): Road[] =>
  Array.from({ length: n - 1 }, (_, i) => [n - 1 - i, n - i, 1_000_000_000] as Road);

const test = (name: string, n: number, roads: Road[]): ProblemTest => ({
  name,
  input: `${n} ${roads.length}\n${roads.map((r) => r.join(" ")).join("\n")}\n`,
  expected: `${cheapest(n, roads)}\n`,
  sample: false,
});

const generate: HiddenTestGenerator = (rng) => {
  const cutOff = randomMap(rng, 30_000, 45_000, 1_000_000_000).filter(([, v]) => v !== 30_000);
  return [
    test("small random map", 8, randomMap(rng, 8, 14, 20)),
    test("large map, cheap roads", 30_000, randomMap(rng, 30_000, 50_000, 1000)),
    test("large map, expensive roads", 30_000, randomMap(rng, 30_000, 45_000, 1_000_000_000)),
    test("long line of expensive roads", 40_000, expensiveLine(40_000)),
    test("large map, no road into the last city", 30_000, cutOff),
  ];
};

export default generate;
