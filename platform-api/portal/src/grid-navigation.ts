/**
 * Arrow-key movement in a data grid (the WAI-ARIA grid pattern), over a matrix of cell ids: a cell
 * spanning rows or columns repeats its id there, so moving off it skips the whole span.
 */

/** Rows moved by Page Up and Page Down. */
const PAGE = 10;

function positionOf(matrix: readonly (readonly string[])[], id: string): [number, number] | null {
  for (let r = 0; r < matrix.length; r++) {
    const c = matrix[r]?.indexOf(id) ?? -1;
    if (c >= 0) return [r, c];
  }
  return null;
}

/** The cell in a direction from `id`, the first one that is not `id` itself. */
function step(
  matrix: readonly (readonly string[])[],
  id: string,
  [r, c]: [number, number],
  dr: number,
  dc: number,
) {
  let row = r;
  let col = c;
  for (;;) {
    row += dr;
    col += dc;
    const next = matrix[row]?.[col];
    if (next === undefined) return id;
    if (next !== id) return next;
  }
}

/**
 * Where a key takes the focus from cell `id`: arrows one cell over (the way the arrow points: in a
 * right-to-left grid, ArrowRight goes back a column), Home and End to the row's ends, with Ctrl to
 * the grid's first and last cells, Page Up and Down ten rows. Null for keys the grid leaves alone.
 */
export function moveInGrid(
  matrix: readonly (readonly string[])[],
  id: string,
  key: string,
  ctrl = false,
  rtl = false,
): string | null {
  const at = positionOf(matrix, id);
  if (!at) return null;
  const [r, c] = at;
  const row = matrix[r] ?? [];
  switch (key) {
    case "ArrowRight":
      return step(matrix, id, at, 0, rtl ? -1 : 1);
    case "ArrowLeft":
      return step(matrix, id, at, 0, rtl ? 1 : -1);
    case "ArrowDown":
      return step(matrix, id, at, 1, 0);
    case "ArrowUp":
      return step(matrix, id, at, -1, 0);
    case "Home":
      return ctrl ? (matrix[0]?.[0] ?? id) : (row[0] ?? id);
    case "End": {
      const last = matrix.at(-1) ?? [];
      return ctrl ? (last.at(-1) ?? id) : (row.at(-1) ?? id);
    }
    case "PageDown":
      return matrix[Math.min(matrix.length - 1, r + PAGE)]?.[c] ?? id;
    case "PageUp":
      return matrix[Math.max(0, r - PAGE)]?.[c] ?? id;
    default:
      return null;
  }
}
