import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz".split("");

const reduce = (s: string) => {
  const stack: string[] = [];
  for (const c of s) {
    if (stack[stack.length - 1] === c) stack.pop();
    else stack.push(c);
  }
  return stack.join("");
};

/** A word with no two equal neighbours. */
const word = (rng: Rng, length: number) => {
  const letters: string[] = [];
  while (letters.length < length) {
    const c = rng.pick(LETTERS);
    if (letters[letters.length - 1] !== c) letters.push(c);
  }
  return letters;
};

/**
 * 200000 letters. A word followed by its mirror image cancels from the middle outwards, one pair per
 * rescan; the second test leaves a remainder on both sides.
 */
const generate: HiddenTestGenerator = (rng) => {
  const half = word(rng, 100_000);
  const mirrored = half.join("") + [...half].reverse().join("");
  const inner = word(rng, 99_000);
  const prefix = word(rng, 500).join("");
  const suffix = word(rng, 500).join("");
  const partial = `${prefix}${inner.join("")}${[...inner].reverse().join("")}${suffix}`;
  return [mirrored, partial].map((s, i) => ({
    name: i === 0 ? "mirror image of 200000 letters" : "mirror image inside other letters",
    input: `${s}\n`,
    expected: `${reduce(s)}\n`,
    sample: false,
  }));
};

export default generate;
