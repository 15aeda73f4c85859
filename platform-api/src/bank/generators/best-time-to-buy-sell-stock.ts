import type { HiddenTestGenerator } from "../index.js";

const bestProfit = (prices: number[]) => {
  let best = 0;
  let lowest = prices[0] ?? 0;
  for (const p of prices) {
    lowest = Math.min(lowest, p);
    best = Math.max(best, p - lowest);
  }
  return best;
};

/** Long price histories: random ones, and a slow drift with the best trade at the very end. */
const generate: HiddenTestGenerator = (rng) => {
  const random = Array.from({ length: 150_000 }, () => rng.int(0, 10_000));
  const drifting = Array.from({ length: 150_000 }, (_, i) => 10_000 - Math.floor(i / 20) - rng.int(0, 3));
  drifting[drifting.length - 1] = 10_000;
  return [random, drifting].map((prices, i) => ({
    name: i === 0 ? "random 150000 days" : "best sale on the last day",
    args: [prices],
    expected: bestProfit(prices),
    sample: false,
  }));
};

export default generate;
