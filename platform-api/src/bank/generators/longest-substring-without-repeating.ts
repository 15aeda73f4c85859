import type { HiddenTestGenerator } from "../index.js";

const longestUnique = (s: string) => {
  const last = new Map<string, number>();
  let start = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const seen = last.get(c);
    if (seen !== undefined && seen >= start) start = seen + 1;
    last.set(c, i);
    best = Math.max(best, i - start + 1);
  }
  return best;
};

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

/** 100000 characters: random printable ones, and all 95 printable characters in rotating order. */
const generate: HiddenTestGenerator = (rng) => {
  const random = Array.from({ length: 100_000 }, () => rng.pick(PRINTABLE)).join("");
  const order = rng.shuffle(PRINTABLE);
  const cycling = Array.from({ length: 100_000 }, (_, i) => order[i % 95] as string).join("");
  return [
    { name: "random 100000", args: [random], expected: longestUnique(random), sample: false },
    { name: "every printable character in turn", args: [cycling], expected: 95, sample: false },
  ];
};

export default generate;
