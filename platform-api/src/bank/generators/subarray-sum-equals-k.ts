import type { HiddenTestGenerator } from "../index.js";

const countSubarrays = (nums: number[], k: number) => {
  const seen = new Map<number, number>([[0, 1]]);
  let prefix = 0;
  let count = 0;
  for (const x of nums) {
    prefix += x;
    count += seen.get(prefix - k) ?? 0;
    seen.set(prefix, (seen.get(prefix) ?? 0) + 1);
  }
  return count;
};

/**
 * 100000 numbers: all zeros (5000050000 matches, past 32 bits), small values with many matches,
 * and the full value range.
 */
const generate: HiddenTestGenerator = (rng) => {
  const n = 100_000;
  const cases: Array<[string, number[], number]> = [
    ["100000 zeros", Array.from({ length: n }, () => 0), 0],
    ["small values", Array.from({ length: n }, () => rng.int(-2, 2)), rng.int(-3, 3)],
    ["full range", Array.from({ length: n }, () => rng.int(-1000, 1000)), rng.int(-2000, 2000)],
  ];
  return cases.map(([name, nums, k]) => ({
    name,
    args: [nums, k],
    expected: countSubarrays(nums, k),
    sample: false,
  }));
};

export default generate;
