import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

/** Kahn's algorithm with a binary min-heap: the lexicographically smallest order, or [] on a cycle. */
function smallestOrder(n: number, prerequisites: [number, number][]): number[] {
  const after: number[][] = Array.from({ length: n }, () => []);
  const waiting = new Int32Array(n);
  for (const [a, b] of prerequisites) {
    (after[b] as number[]).push(a);
    waiting[a] = (waiting[a] as number) + 1;
  }
  const heap: number[] = [];
  const push = (x: number) => {
    let i = heap.push(x) - 1;
    while (i > 0 && (heap[(i - 1) >> 1] as number) > x) {
      heap[i] = heap[(i - 1) >> 1] as number;
      i = (i - 1) >> 1;
    }
    heap[i] = x;
  };
  const pop = () => {
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heap.length) break;
        if (child + 1 < heap.length && (heap[child + 1] as number) < (heap[child] as number)) child++;
        if ((heap[child] as number) >= last) break;
        heap[i] = heap[child] as number;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let c = 0; c < n; c++) if (waiting[c] === 0) push(c);
  const order: number[] = [];
  while (heap.length > 0) {
    const course = pop();
    order.push(course);
    for (const next of after[course] as number[]) {
      waiting[next] = (waiting[next] as number) - 1;
      if (waiting[next] === 0) push(next);
    }
  }
  return order.length === n ? order : [];
}

/** Random prerequisites consistent with a hidden random order of the courses, so no cycle. */
function randomDag(rng: Rng, n: number, m: number): [number, number][] {
  const rank = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const pairs: [number, number][] = [];
  while (pairs.length < m) {
    const x = rng.int(0, n - 1);
    const y = rng.int(0, n - 1);
    if (x === y) continue;
    const [first, second] = (rank[x] as number) < (rank[y] as number) ? [x, y] : [y, x];
    pairs.push([second, first]);
  }
  return pairs;
}

const test = (name: string, n: number, prerequisites: [number, number][]): ProblemTest => ({
  name,
  args: [n, prerequisites],
  expected: smallestOrder(n, prerequisites),
  sample: false,
});

const generate: HiddenTestGenerator = (rng) => {
  const cyclic = randomDag(rng, 8000, 40_000);
  const [a, b] = cyclic[0] as [number, number];
  cyclic.push([b, a]);
  return [
    test("small random", 12, randomDag(rng, 12, 15)),
    test("many courses, random prerequisites", 8000, randomDag(rng, 8000, 12_000)),
    test("dense prerequisites", 8000, randomDag(rng, 8000, 60_000)),
    test(
      "each course requires the next one",
      8000,
      Array.from({ length: 7999 }, (_, i) => [i, i + 1] as [number, number]),
    ),
    test("one cycle among many courses", 8000, cyclic),
    test("many courses, no prerequisites", 8000, []),
  ];
};

export default generate;
