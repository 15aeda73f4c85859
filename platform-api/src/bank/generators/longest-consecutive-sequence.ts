import type { HiddenTestGenerator } from "../index.js";

const longestRun = (nums: number[]) => {
  const sorted = [...new Set(nums)].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === (sorted[i - 1] as number) + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
};

/** 100000 numbers: a long shuffled run among random values, and a run made of duplicates. */
const generate: HiddenTestGenerator = (rng) => {
  const n = 100_000;
  const start = rng.int(-1_000_000_000, 900_000_000);
  const run = Array.from({ length: 60_000 }, (_, i) => start + i);
  const noise = Array.from({ length: n - run.length }, () => rng.int(-1_000_000_000, 1_000_000_000));
  const mixed = rng.shuffle([...run, ...noise]);
  const repeated = rng.shuffle(Array.from({ length: n }, (_, i) => 500 + (i % 30_000)));
  return [
    { name: "long run among random values", args: [mixed], expected: longestRun(mixed), sample: false },
    { name: "every value three or four times", args: [repeated], expected: 30_000, sample: false },
  ];
};

export default generate;
