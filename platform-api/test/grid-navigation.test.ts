import { describe, expect, it } from "vitest";
import { moveInGrid } from "../portal/src/grid-navigation.js";

const matrix = [
  ["a1", "a2", "a3"],
  ["b1", "b2", "b3"],
];

describe("the gradebook grid's arrow keys", () => {
  it("move the way the arrow points, left to right", () => {
    expect(moveInGrid(matrix, "a2", "ArrowRight")).toBe("a3");
    expect(moveInGrid(matrix, "a2", "ArrowLeft")).toBe("a1");
    expect(moveInGrid(matrix, "a2", "ArrowDown")).toBe("b2");
  });

  it("move the way the arrow points in a right-to-left grid too: ArrowRight goes back a column", () => {
    expect(moveInGrid(matrix, "a2", "ArrowRight", false, true)).toBe("a1");
    expect(moveInGrid(matrix, "a2", "ArrowLeft", false, true)).toBe("a3");
    // Home and End keep to the row's logical start and end.
    expect(moveInGrid(matrix, "b2", "Home", false, true)).toBe("b1");
    expect(moveInGrid(matrix, "b2", "End", false, true)).toBe("b3");
  });
});
