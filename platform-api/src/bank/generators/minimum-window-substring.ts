import type { HiddenTestGenerator } from "../index.js";

const minimumWindow = (s: string, t: string) => {
  const need = new Map<string, number>();
  for (const c of t) need.set(c, (need.get(c) ?? 0) + 1);
  let missing = t.length;
  let bestStart = 0;
  let bestLen = s.length + 1;
  let left = 0;
  for (let right = 0; right < s.length; right++) {
    const c = s[right] as string;
    if ((need.get(c) ?? 0) > 0) missing--;
    need.set(c, (need.get(c) ?? 0) - 1);
    while (missing === 0) {
      if (right - left + 1 < bestLen) {
        bestStart = left;
        bestLen = right - left + 1;
      }
      const l = s[left] as string;
      need.set(l, (need.get(l) ?? 0) + 1);
      if ((need.get(l) ?? 0) > 0) missing++;
      left++;
    }
  }
  return bestLen <= s.length ? s.slice(bestStart, bestStart + bestLen) : "";
};

const LOWER = "abcdefghijklmnopqrstuvwxyz".split("");

/**
 * 100000 letters. In the first test `t` needs a `Z` that only appears near the end, so a window
 * grown from each start runs to the end: O(n^2). The second asks for many repeats of common letters.
 */
const generate: HiddenTestGenerator = (rng) => {
  const n = 100_000;
  const rare = Array.from({ length: n }, () => rng.pick(LOWER));
  rare[n - rng.int(10, 50)] = "Z";
  const rareT = "Zab";
  const common = Array.from({ length: n }, () => rng.pick(LOWER)).join("");
  const commonT = Array.from({ length: 300 }, () => rng.pick(LOWER.slice(0, 5))).join("");
  return [
    { name: "rare letter near the end", args: [rare.join(""), rareT], sample: false },
    { name: "many repeats", args: [common, commonT], sample: false },
  ].map((test) => ({ ...test, expected: minimumWindow(test.args[0] as string, test.args[1] as string) }));
};

export default generate;
