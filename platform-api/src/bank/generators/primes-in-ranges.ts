import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

const LIMIT = 10_000_000;

/** upTo[x]: how many primes are at most x, for every x up to the limit. */
function primeCounts(limit: number): Int32Array {
  const composite = new Uint8Array(limit + 1);
  for (let i = 2; i * i <= limit; i++) {
    if (composite[i]) continue;
    for (let j = i * i; j <= limit; j += i) composite[j] = 1;
  }
  const upTo = new Int32Array(limit + 1);
  for (let x = 2; x <= limit; x++) upTo[x] = (upTo[x - 1] as number) + (composite[x] ? 0 : 1);
  return upTo;
}

type Range = [number, number];

const test = (name: string, ranges: Range[], upTo: Int32Array): ProblemTest => ({
  name,
  input: `${ranges.length}\n${ranges.map(([l, r]) => `${l} ${r}`).join("\n")}\n`,
  expected: `${ranges.map(([l, r]) => (upTo[r] as number) - (upTo[l - 1] as number)).join("\n")}\n`,
  sample: false,
});

const randomRange = (rng: Rng, maxLength: number): Range => {
  const l = rng.int(1, LIMIT);
  return [l, Math.min(LIMIT, l + rng.int(0, maxLength))];
};

/** Thousands of questions over the whole range: one sieve answers them all, per-question work does not. */
const generate: HiddenTestGenerator = (rng) => {
  const upTo = primeCounts(LIMIT);
  return [
    test(
      "small ranges near the start",
      Array.from({ length: 50 }, () => {
        const l = rng.int(1, 200);
        return [l, l + rng.int(0, 50)] as Range;
      }),
      upTo,
    ),
    test(
      "many wide ranges",
      Array.from({ length: 8_000 }, () => randomRange(rng, LIMIT)),
      upTo,
    ),
    test(
      "many narrow ranges",
      Array.from({ length: 10_000 }, () => randomRange(rng, 1000)),
      upTo,
    ),
  ];
};

export default generate;
