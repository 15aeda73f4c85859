import type { ReactiveElement } from "lit";

/**
 * Labels the cells of each `table.stack` in an element with their column's header, as rendered
 * (`data-label`), after every update: on a phone such a table shows each row as a block of lines
 * (styles.ts), and a cell then says which column it came from, in the headers' own words and
 * language. A cell marked `controls` (buttons only) goes without.
 */
export function labelTableCells(host: ReactiveElement): void {
  host.addController({
    hostUpdated() {
      for (const table of host.renderRoot.querySelectorAll<HTMLTableElement>("table.stack")) {
        const head = table.tHead?.rows;
        const headers = [...(head?.[head.length - 1]?.cells ?? [])].map((cell) =>
          (cell.textContent ?? "").replace(/\s+/g, " ").trim(),
        );
        for (const body of table.tBodies)
          for (const row of body.rows)
            for (const [i, cell] of [...row.cells].entries()) {
              const label = headers[i];
              if (cell.tagName === "TD" && label && !cell.classList.contains("controls"))
                cell.dataset.label = label;
            }
      }
    },
  });
}
