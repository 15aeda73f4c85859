import type { HiddenTestGenerator } from "../index.js";

const CLOSE: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/**
 * Brackets nested 50000 deep: removing innermost pairs over and over takes n/2 passes of O(n) each.
 * The second test breaks one closing bracket deep inside.
 */
const generate: HiddenTestGenerator = (rng) => {
  const opens = Array.from({ length: 50_000 }, () => rng.pick(["(", "[", "{"]));
  const closes = [...opens].reverse().map((o) => CLOSE[o] as string);
  const balanced = opens.join("") + closes.join("");
  const broken = [...closes];
  const at = rng.int(1000, 2000);
  broken[at] = broken[at] === ")" ? "]" : ")";
  return [
    { name: "nested 50000 deep", args: [balanced], expected: true, sample: false },
    {
      name: "one wrong closing bracket deep inside",
      args: [opens.join("") + broken.join("")],
      expected: false,
      sample: false,
    },
  ];
};

export default generate;
