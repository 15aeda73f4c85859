import type { HiddenTestGenerator } from "../index.js";

/** Long arrays of large values: the sum needs 64 bits. */
const generate: HiddenTestGenerator = (rng) =>
  [1000, 100_000].map((length) => {
    const nums = Array.from({ length }, () => rng.int(-1_000_000_000, 1_000_000_000));
    return {
      name: `random ${length}`,
      args: [nums],
      expected: nums.reduce((a, b) => a + b, 0),
      sample: false,
    };
  });

export default generate;
