/**
 * What the function-mode suite runs in every function-mode language: one module per language in
 * this folder, named after its id, whose default export is a `FunctionCase`.
 */
export interface FunctionCase {
  id: string;
  /**
   * int -> int: prints "top junk" on stdout before the function is called (top level, static
   * initializer, global constructor) and "junk" while computing x + 1.
   */
  noisy: string;
  /** string -> string: the argument plus `é "\<newline>😀`, from a literal in the language's source. */
  append: string;
  /** int[] -> long: throws with a message holding "empty" on an empty array, loops forever on [-1], else the sum. */
  sum: string;
  /** float[] -> float: the sum. */
  floatSum: string;
  /** Does not build (compiled languages) or does not parse (interpreted ones)... */
  broken: string;
  /** ...at this line of the learner's code... */
  brokenLine: number;
  /** ...and the message names this file (the learner's, as the harness names it). */
  file: string;
  /** Whether the language has a build step (so `broken` is a compilation_error, not a runtime_error). */
  compiled: boolean;
  /** Where the runtime reports `sum`'s throw on an empty array, when it names the learner's file and line. */
  thrownAt?: RegExp;
  /** The starter turned into the identity function (`return p0`); by default `return p0;` as the body. */
  identity?: (starter: string) => string;
}
