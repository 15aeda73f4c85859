import type { HiddenTestGenerator } from "../index.js";

/**
 * 200000 sorted values, multiples of 3 except the two answer values (1 more than a multiple of 3),
 * so only they sum to the target, which is 2 more than a multiple of 3. Both sit among the largest
 * values: trying every pair from the left takes about n^2/2 steps.
 */
const generate: HiddenTestGenerator = (rng) => {
  const n = 200_000;
  const bound = 4_000_000_000;
  const third = Math.floor(bound / 3) - 1;
  const values = Array.from({ length: n - 2 }, () => 3 * rng.int(-third, third - 2000));
  const a = 3 * rng.int(third - 1000, third) + 1;
  const b = 3 * rng.int(third - 1000, third) + 1;
  const sorted = [...values, a, b].sort((x, y) => x - y);
  const i = sorted.indexOf(Math.min(a, b));
  const j = a === b ? i + 1 : sorted.indexOf(Math.max(a, b));
  return [
    {
      name: "200000 values, pair among the largest",
      input: `${n} ${a + b}\n${sorted.join(" ")}\n`,
      expected: `${i + 1} ${j + 1}\n`,
      sample: false,
    },
  ];
};

export default generate;
