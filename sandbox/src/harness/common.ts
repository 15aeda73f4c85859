import { readFileSync } from "node:fs";
import path from "node:path";
import type { FunctionSignature, ValueType } from "@codeground/sdk";
import { defaultLanguagesDir } from "../languages/manifest.js";
import type { SourceFile } from "../schemas.js";
import { parseType, type ScalarType } from "./values.js";

/** How one language hosts a function-mode solution: the files of the run and the learner's starter. */
export interface FunctionHarness {
  files(signature: FunctionSignature, code: string): SourceFile[];
  starter(signature: FunctionSignature): string;
  /** Whether a `long` beyond 2^53 reaches the function intact (not in JavaScript numbers). */
  exactLongs: boolean;
}

const templates = new Map<string, string>();

/** A harness source kept as data in the language's folder (`languages/<id>/function-harness.*`). */
export function template(file: string): string {
  let text = templates.get(file);
  if (text === undefined) {
    text = readFileSync(path.join(defaultLanguagesDir, file), "utf8");
    templates.set(file, text);
  }
  return text;
}

export function fill(text: string, parts: Record<string, string>): string {
  return Object.entries(parts).reduce((out, [marker, value]) => out.replace(`/*CG:${marker}*/`, value), text);
}

/** A type name per scalar and a way to write an array of a type. */
export function typeNamer(scalars: Record<ScalarType, string>, array: (inner: string) => string) {
  return (type: ValueType) => {
    const { scalar, depth } = parseType(type);
    let name = scalars[scalar];
    for (let i = 0; i < depth; i++) name = array(name);
    return name;
  };
}

export const paramNames = (s: FunctionSignature) => s.params.map((p) => p.name).join(", ");
export const withNewline = (code: string) => (code.endsWith("\n") ? code : `${code}\n`);

/**
 * The learner's code goes in a file of its own (`solution.py`, `solution.js`, `solution.ts`), which
 * the harness in the main file loads only once it has sent stdout to stderr: so nothing the
 * learner prints, even at the top level, reaches the result, and messages name the learner's file
 * and lines.
 */
export const learnerFile = (extension: string, code: string): SourceFile => ({
  name: `solution.${extension}`,
  content: code,
});
