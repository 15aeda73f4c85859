import type { HiddenTestGenerator } from "../index.js";

const trapped = (heights: number[]) => {
  const n = heights.length;
  const rightMax = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) rightMax[i] = Math.max(rightMax[i + 1] as number, heights[i] as number);
  let leftMax = 0;
  let water = 0;
  for (let i = 0; i < n; i++) {
    const h = heights[i] as number;
    leftMax = Math.max(leftMax, h);
    water += Math.min(leftMax, rightMax[i] as number) - h;
  }
  return water;
};

/** 90000 bars of up to 10^9 (about 1 MB of JSON): the total needs 64 bits. */
const generate: HiddenTestGenerator = (rng) => {
  const n = 90_000;
  const random = Array.from({ length: n }, () => rng.int(0, 1_000_000_000));
  const walled = Array.from({ length: n }, () => rng.int(0, 1_000_000));
  walled[0] = 1_000_000_000;
  walled[n - 1] = 999_999_999;
  const mountains = Array.from(
    { length: n },
    (_, i) => Math.abs(((i * 7919) % 20_000) - 10_000) * rng.int(1, 50_000),
  );
  return [
    ["random 90000", random],
    ["tall walls at both ends", walled],
    ["ridges", mountains],
  ].map(([name, heights]) => ({
    name: name as string,
    args: [heights],
    expected: trapped(heights as number[]),
    sample: false,
  }));
};

export default generate;
