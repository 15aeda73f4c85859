import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] =
        a[i - 1] === b[j - 1]
          ? (prev[j - 1] as number)
          : Math.min(prev[j - 1] as number, prev[j] as number, cur[j - 1] as number) + 1;
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

const word = (rng: Rng, length: number, alphabet: string) =>
  Array.from({ length }, () => rng.pick([...alphabet])).join("");

/** Applies `edits` random single-letter edits to `word`. */
function mutate(rng: Rng, source: string, edits: number): string {
  let out = source;
  for (let e = 0; e < edits; e++) {
    const at = rng.int(0, out.length - 1);
    const letter = rng.pick([..."abcdefghijklmnopqrstuvwxyz"]);
    const kind = rng.int(0, 2);
    if (kind === 0) out = out.slice(0, at) + letter + out.slice(at + 1);
    else if (kind === 1) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + letter + out.slice(at);
  }
  return out;
}

const test = (name: string, a: string, b: string): ProblemTest => ({
  name,
  args: [a, b],
  expected: editDistance(a, b),
  sample: false,
});

/** Words long enough that only the quadratic table finishes in time. */
const generate: HiddenTestGenerator = (rng) => {
  const base = word(rng, 1500, "abcdefghijklmnopqrstuvwxyz");
  return [
    test("short random words", word(rng, 12, "ab"), word(rng, 14, "ab")),
    test("two letters, longest words", word(rng, 1500, "ab"), word(rng, 1500, "ab")),
    test("four letters, different lengths", word(rng, 1499, "abcd"), word(rng, 1200, "abcd")),
    test("a few edits apart", base, mutate(rng, base, 40)),
    test("one long, one short", word(rng, 1500, "xyz"), word(rng, 3, "xyz")),
    test("same letter repeated", "a".repeat(1500), "a".repeat(700)),
  ];
};

export default generate;
