import type { HiddenTestGenerator } from "../index.js";

const mostWater = (heights: number[]) => {
  let i = 0;
  let j = heights.length - 1;
  let best = 0;
  while (i < j) {
    const hi = heights[i] as number;
    const hj = heights[j] as number;
    best = Math.max(best, Math.min(hi, hj) * (j - i));
    if (hi < hj) i++;
    else j--;
  }
  return best;
};

/** 150000 walls: random heights, and a tall pair hidden inside low walls. */
const generate: HiddenTestGenerator = (rng) => {
  const n = 150_000;
  const random = Array.from({ length: n }, () => rng.int(0, 10_000));
  const low = Array.from({ length: n }, () => rng.int(0, 50));
  low[rng.int(1000, 2000)] = 10_000;
  low[rng.int(n - 2000, n - 1000)] = 9_999;
  return [
    { name: "random 150000", args: [random], expected: mostWater(random), sample: false },
    { name: "tall pair among low walls", args: [low], expected: mostWater(low), sample: false },
  ];
};

export default generate;
