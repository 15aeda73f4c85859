/**
 * What the language suite runs in every language: one module per language in this folder, named
 * after its id, whose default export is a `LanguageCase`.
 */
export interface LanguageCase {
  id: string;
  /** Prints `hello` and a newline. */
  hello: string;
  /** Reads two integers from stdin and prints their sum. */
  sum: string;
  /** A program of several files that prints 5. */
  multi: { name: string; content: string }[];
  /** A program the compiler refuses (compiled languages only). */
  compileError?: string;
  /**
   * A mistake on a known line of the learner's file, and where the message must point: a pattern
   * naming the file and the line (`main.go:3`, `main.pas(3,`, `File "main.ml", line 3`). Compiled
   * languages and those with a syntax check answer `compilation_error`; the others `runtime_error`.
   */
  lineError: { code: string; verdict: "compilation_error" | "runtime_error"; where: RegExp };
  /** Exits with an error (an exception, a panic, abort). */
  runtimeError: string;
  /** Never ends. */
  busyLoop: string;
  /** Touches about 400 MB. */
  memoryHog: string;
  /** Prints without end. */
  outputFlood: string;
  /** Tries a TCP connection to 1.1.1.1:80; prints exactly `no network` when it fails, `connected` otherwise. */
  network: string;
  /** Tries to create `/tmp/cg-probe`; prints exactly `read-only` when it fails, `written` otherwise. */
  readOnlyRoot: string;
}
