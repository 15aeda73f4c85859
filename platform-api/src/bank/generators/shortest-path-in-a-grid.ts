import type { ProblemTest } from "@codeground/sdk";
import type { HiddenTestGenerator } from "../index.js";
import type { Rng } from "../rng.js";

function fewestMoves(grid: string[]): number {
  const rows = grid.length;
  const cols = (grid[0] as string).length;
  const dist = new Int32Array(rows * cols).fill(-1);
  const queue = new Int32Array(rows * cols);
  let head = 0;
  let tail = 0;
  let goal = -1;
  grid.forEach((row, r) => {
    for (let c = 0; c < cols; c++) {
      if (row[c] === "S") {
        dist[r * cols + c] = 0;
        queue[tail++] = r * cols + c;
      } else if (row[c] === "E") goal = r * cols + c;
    }
  });
  while (head < tail) {
    const cell = queue[head++] as number;
    const r = Math.floor(cell / cols);
    const c = cell % cols;
    const near = [r > 0 ? cell - cols : -1, r + 1 < rows ? cell + cols : -1];
    near.push(c > 0 ? cell - 1 : -1, c + 1 < cols ? cell + 1 : -1);
    for (const next of near) {
      if (next < 0 || dist[next] !== -1) continue;
      if ((grid[Math.floor(next / cols)] as string)[next % cols] === "#") continue;
      dist[next] = (dist[cell] as number) + 1;
      queue[tail++] = next;
    }
  }
  return dist[goal] as number;
}

/** Puts `S` and `E` at the given cells (as open floor) of a grid. */
function withEnds(rows: string[][], start: [number, number], exit: [number, number]): string[] {
  (rows[start[0]] as string[])[start[1]] = "S";
  (rows[exit[0]] as string[])[exit[1]] = "E";
  return rows.map((row) => row.join(""));
}

const random = (rng: Rng, size: number, wallShare: number) =>
  withEnds(
    Array.from({ length: size }, () =>
      Array.from({ length: size }, () => (rng.next() < wallShare ? "#" : ".")),
    ),
    [0, 0],
    [size - 1, size - 1],
  );

/** Walls across every other row, open alternately at the right and left end: one long winding corridor. */
const serpentine = (size: number) =>
  withEnds(
    Array.from({ length: size }, (_, r) =>
      Array.from({ length: size }, (_, c) => {
        if (r % 2 === 0) return ".";
        const gap = r % 4 === 1 ? size - 1 : 0;
        return c === gap ? "." : "#";
      }),
    ),
    [0, 0],
    [size - 1, size - 1],
  );

/** An open room whose exit sits inside a closed box. */
const boxedExit = (size: number) => {
  const rows = Array.from({ length: size }, () => Array.from({ length: size }, () => "."));
  const mid = Math.floor(size / 2);
  for (let d = -1; d <= 1; d++) {
    for (const [r, c] of [
      [mid - 1, mid + d],
      [mid + 1, mid + d],
      [mid + d, mid - 1],
      [mid + d, mid + 1],
    ] as const) {
      (rows[r] as string[])[c] = "#";
    }
  }
  return withEnds(rows, [0, 0], [mid, mid]);
};

const test = (name: string, grid: string[]): ProblemTest => ({
  name,
  args: [grid],
  expected: fewestMoves(grid),
  sample: false,
});

const generate: HiddenTestGenerator = (rng) => [
  test("small random maze", random(rng, 12, 0.25)),
  test("open 40 by 40 room", random(rng, 40, 0)),
  test("large random maze", random(rng, 700, 0.3)),
  test("large maze, dense walls", random(rng, 700, 0.41)),
  test("long winding corridor", serpentine(699)),
  test("exit in a closed box", boxedExit(700)),
  test("large open room", random(rng, 700, 0)),
];

export default generate;
