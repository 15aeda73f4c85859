import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

/**
 * Every value is a multiple of 3 except the two answer values, which are 1 more than a multiple of
 * 3: only their sum is 2 more than a multiple of 3, so the pair is unique. The pair sits near the
 * end, so trying every pair takes about n^2/2 steps.
 */
function uniquePair(rng: Rng, length: number, bound: number, name: string) {
  const multipleOf3 = () => 3 * rng.int(-Math.floor(bound / 3), Math.floor(bound / 3));
  const nums = Array.from({ length }, multipleOf3);
  const i = rng.int(length - 100, length - 2);
  const j = rng.int(i + 1, length - 1);
  // Each answer value within half the bound, so the target stays within the bound too.
  const half = Math.floor((bound - 3) / 6);
  const a = 3 * rng.int(-half, half) + 1;
  const b = 3 * rng.int(-half, half) + 1;
  nums[i] = a;
  nums[j] = b;
  const target = a + b;
  return { name, args: [nums, target], expected: [i, j], sample: false };
}

const generate: HiddenTestGenerator = (rng) => [
  uniquePair(rng, 1000, 1_000_000_000, "random 1000"),
  uniquePair(rng, 150_000, 100_000, "pair near the end of 150000"),
];

export default generate;
