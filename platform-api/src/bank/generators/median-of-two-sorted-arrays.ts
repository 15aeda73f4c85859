import type { HiddenTestGenerator } from "../index.js";

const sorted = (values: number[]) => values.sort((a, b) => a - b);

/** The exact median of both arrays together, computed by merging. */
function median(a: number[], b: number[]): number {
  const all = sorted([...a, ...b]);
  const mid = Math.floor(all.length / 2);
  return all.length % 2 === 1 ? (all[mid] as number) : ((all[mid - 1] as number) + (all[mid] as number)) / 2;
}

/** Large sorted arrays, of even and odd total length and very different sizes. */
const generate: HiddenTestGenerator = (rng) =>
  [
    [1000, 999],
    [100_000, 100_000],
    [1, 100_000],
    [99_999, 0],
  ].map(([m = 0, n = 0]) => {
    const a = sorted(Array.from({ length: m }, () => rng.int(-1_000_000_000, 1_000_000_000)));
    const b = sorted(Array.from({ length: n }, () => rng.int(-1_000_000_000, 1_000_000_000)));
    return { name: `random ${m} and ${n}`, args: [a, b], expected: median(a, b), sample: false };
  });

export default generate;
