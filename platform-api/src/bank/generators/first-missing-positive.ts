import type { HiddenTestGenerator } from "../index.js";

const firstMissing = (nums: number[]) => {
  const present = new Set(nums);
  let k = 1;
  while (present.has(k)) k++;
  return k;
};

/**
 * Shuffled permutations of 1..100000: one complete (answer n + 1), one with a value near the top
 * replaced by a negative, so finding each candidate by a search of the whole array is O(n^2).
 */
const generate: HiddenTestGenerator = (rng) => {
  const n = 100_000;
  const complete = rng.shuffle(Array.from({ length: n }, (_, i) => i + 1));
  const holed = rng.shuffle(Array.from({ length: n }, (_, i) => i + 1));
  const hole = rng.int(n - 1000, n - 1);
  holed[holed.indexOf(hole)] = -rng.int(1, 2_000_000_000);
  const noisy = Array.from({ length: n }, () =>
    rng.next() < 0.5 ? rng.int(1, n) : rng.int(-2_147_483_648, 2_147_483_647),
  );
  return [
    ["permutation of 1..100000", complete],
    ["one value missing near the top", holed],
    ["duplicates and extremes", noisy],
  ].map(([name, nums]) => ({
    name: name as string,
    args: [nums],
    expected: firstMissing(nums as number[]),
    sample: false,
  }));
};

export default generate;
