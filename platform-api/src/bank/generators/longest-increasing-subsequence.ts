import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";

function lisLength(nums: number[]): number {
  const tails: number[] = [];
  for (const x of nums) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tails[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

const test = (name: string, nums: number[]): ProblemTest => ({
  name,
  args: [nums],
  expected: lisLength(nums),
  sample: false,
});

/** 130 000 elements (about 1 MB): a quadratic scan needs billions of comparisons. */
const LARGE = 130_000;

const generate: HiddenTestGenerator = (rng) => [
  test(
    "small random",
    Array.from({ length: 40 }, () => rng.int(-20, 20)),
  ),
  test(
    "large random",
    Array.from({ length: LARGE }, () => rng.int(-99_999, 99_999)),
  ),
  test(
    "large, many repeats",
    Array.from({ length: LARGE }, () => rng.int(0, 100)),
  ),
  test(
    "large, rising with noise",
    Array.from({ length: LARGE }, (_, i) => i - rng.int(0, 50)),
  ),
  test(
    "large, increasing",
    Array.from({ length: LARGE }, (_, i) => i),
  ),
];

export default generate;
