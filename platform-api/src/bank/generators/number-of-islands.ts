import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

function countIslands(grid: string[]): number {
  const rows = grid.length;
  const cols = (grid[0] as string).length;
  const land = new Uint8Array(rows * cols);
  grid.forEach((row, r) => {
    for (let c = 0; c < cols; c++) land[r * cols + c] = row[c] === "#" ? 1 : 0;
  });
  const stack: number[] = [];
  let islands = 0;
  for (let start = 0; start < rows * cols; start++) {
    if (!land[start]) continue;
    islands++;
    land[start] = 0;
    stack.push(start);
    while (stack.length > 0) {
      const cell = stack.pop() as number;
      const r = Math.floor(cell / cols);
      const c = cell % cols;
      const near = [r > 0 ? cell - cols : -1, r + 1 < rows ? cell + cols : -1];
      near.push(c > 0 ? cell - 1 : -1, c + 1 < cols ? cell + 1 : -1);
      for (const next of near) {
        if (next >= 0 && land[next]) {
          land[next] = 0;
          stack.push(next);
        }
      }
    }
  }
  return islands;
}

const random = (rng: Rng, rows: number, cols: number, landShare: number) =>
  Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => (rng.next() < landShare ? "#" : ".")).join(""),
  );

/** One island winding through the whole grid: rows of land joined alternately at the right and left ends. */
const serpentine = (size: number) =>
  Array.from({ length: size }, (_, r) => {
    if (r % 2 === 0) return "#".repeat(size);
    return r % 4 === 1 ? `${".".repeat(size - 1)}#` : `#${".".repeat(size - 1)}`;
  });

/** A checkerboard: the most islands a grid can hold. */
const checkerboard = (size: number) =>
  Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) => ((r + c) % 2 === 0 ? "#" : ".")).join(""),
  );

const test = (name: string, grid: string[]): ProblemTest => ({
  name,
  args: [grid],
  expected: countIslands(grid),
  sample: false,
});

const generate: HiddenTestGenerator = (rng) => [
  test("small random", random(rng, 8, 11, 0.45)),
  test("large, sparse land", random(rng, 700, 700, 0.3)),
  test("large, half land", random(rng, 700, 700, 0.5)),
  test("large, mostly land", random(rng, 700, 700, 0.7)),
  test("one winding island", serpentine(699)),
  test("checkerboard", checkerboard(700)),
  test(
    "all land",
    Array.from({ length: 700 }, () => "#".repeat(700)),
  ),
];

export default generate;
