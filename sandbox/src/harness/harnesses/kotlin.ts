import type { FunctionSignature } from "@codeground/sdk";
import { type FunctionHarness, fill, template, typeNamer } from "../common.js";

const primitiveArrays: Record<string, string> = {
  Int: "IntArray",
  Long: "LongArray",
  Double: "DoubleArray",
  Boolean: "BooleanArray",
};
const kotlinType = typeNamer(
  { int: "Int", long: "Long", float: "Double", bool: "Boolean", string: "String" },
  (inner) => primitiveArrays[inner] ?? `Array<${inner}>`,
);

/** LeetCode's Kotlin shape, a method of `class Solution`, beside the top-level function of the starter. */
const inSolutionClass = (code: string) => /^\s*(?:open\s+)?class\s+Solution\b/m.test(code);

/**
 * Kotlin: the learner writes a top-level function (or `class Solution` with that method) in
 * Solution.kt, so compiler messages and stack traces name it; the harness, Main.kt, lives in a
 * package of its own and imports the function from the root package.
 */
export const harness: FunctionHarness = {
  exactLongs: true,
  files: (s: FunctionSignature, code: string) => {
    const method = inSolutionClass(code);
    const args = s.params.map((_, i) => `cgArg${i}`).join(", ");
    return [
      { name: "Solution.kt", content: code },
      {
        name: "Main.kt",
        content: fill(template("kotlin/function-harness.kt"), {
          IMPORT: method ? "Solution" : s.name,
          ARGS: s.params
            .map(
              (p, i) =>
                `val cgArg${i} = CgJson.convert(cgArgs[${i}], ${JSON.stringify(p.type)}) as ${kotlinType(p.type)}`,
            )
            .join("\n    "),
          CALL: method ? `Solution().${s.name}(${args})` : `${s.name}(${args})`,
        }),
      },
    ];
  },
  starter: (s: FunctionSignature) =>
    `fun ${s.name}(${s.params.map((p) => `${p.name}: ${kotlinType(p.type)}`).join(", ")}): ${kotlinType(s.returns)} {\n    \n}\n`,
};
