import { describe, expect, it } from "vitest";
import { outputMatches } from "../src/index.js";

describe("output comparison", () => {
  it("exact: every byte counts", () => {
    expect(outputMatches("3\n", "3\n", "exact")).toBe(true);
    expect(outputMatches("3", "3\n", "exact")).toBe(false);
    expect(outputMatches("3 \n", "3\n", "exact")).toBe(false);
  });

  it("trim: ignores trailing spaces on lines and blank ends, not inner differences", () => {
    expect(outputMatches("1 2  \n3\n\n", "1 2\n3", "trim")).toBe(true);
    expect(outputMatches("1 2\r\n3\r\n", "1 2\n3\n", "trim")).toBe(true);
    expect(outputMatches("1  2\n3", "1 2\n3", "trim")).toBe(false);
    expect(outputMatches("1 2 3", "1 2\n3", "trim")).toBe(false);
  });

  it("tokens: any whitespace between the same words", () => {
    expect(outputMatches("1   2\n\n3", "1 2 3\n", "tokens")).toBe(true);
    expect(outputMatches("1 2", "1 2 3", "tokens")).toBe(false);
    expect(outputMatches("", "", "tokens")).toBe(true);
  });

  it("float: numbers within absolute or relative tolerance, words exactly", () => {
    expect(outputMatches("0.3333333", "0.33333333333", { float: 1e-6 })).toBe(true);
    expect(outputMatches("0.334", "0.333", { float: 1e-6 })).toBe(false);
    expect(outputMatches("1000000.5", "1000000.0", { float: 1e-6 })).toBe(true);
    expect(outputMatches("yes 1.0", "yes 1", { float: 1e-9 })).toBe(true);
    expect(outputMatches("no 1.0", "yes 1", { float: 1e-9 })).toBe(false);
    expect(outputMatches("nan", "1", { float: 1 })).toBe(false);
    expect(outputMatches("1e3", "1000", { float: 0 })).toBe(true);
  });
});
