import type { HiddenTestGenerator } from "../index.js";

function movesOf(n: number): string {
  const lines: string[] = [String(2 ** n - 1)];
  const hanoi = (k: number, source: number, target: number, spare: number): void => {
    if (k === 0) return;
    hanoi(k - 1, source, spare, target);
    lines.push(`${source} ${target}`);
    hanoi(k - 1, spare, target, source);
  };
  hanoi(n, 1, 3, 2);
  return `${lines.join("\n")}\n`;
}

/** Towers up to the largest allowed: long outputs whose every move is checked. */
const generate: HiddenTestGenerator = (rng) =>
  [4, rng.int(5, 9), 10, 12, 13].map((n) => ({
    name: `${n} disks`,
    input: `${n}\n`,
    expected: movesOf(n),
    sample: false,
  }));

export default generate;
