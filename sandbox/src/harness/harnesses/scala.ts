import type { FunctionSignature } from "@codeground/sdk";
import { type FunctionHarness, fill, template, typeNamer } from "../common.js";

const scalaType = typeNamer(
  { int: "Int", long: "Long", float: "Double", bool: "Boolean", string: "String" },
  (inner) => `Array[${inner}]`,
);

/** `class Solution` with the method, beside the `object Solution` of the starter (and of LeetCode). */
const isClass = (code: string) => /^\s*(?:final\s+)?class\s+Solution\b/m.test(code);

/**
 * Scala: the learner writes `object Solution` with a method named after the function, in
 * Solution.scala, so compiler messages and stack traces name it; the harness, Main.scala, holds
 * `object CgMain` and calls it with the learner's Console output sent to stderr.
 */
export const harness: FunctionHarness = {
  exactLongs: true,
  files: (s: FunctionSignature, code: string) => [
    { name: "Solution.scala", content: code },
    {
      name: "Main.scala",
      content: fill(template("scala/function-harness.scala"), {
        ARGS: s.params
          .map(
            (p, i) =>
              `val cgArg${i} = CgJson.convert(cgArgs.get(${i}), ${JSON.stringify(p.type)}).asInstanceOf[${scalaType(p.type)}]`,
          )
          .join("\n    "),
        CALL: `${isClass(code) ? "new Solution()" : "Solution"}.${s.name}(${s.params.map((_, i) => `cgArg${i}`).join(", ")})`,
      }),
    },
  ],
  starter: (s: FunctionSignature) =>
    `object Solution {\n  def ${s.name}(${s.params.map((p) => `${p.name}: ${scalaType(p.type)}`).join(", ")}): ${scalaType(s.returns)} = {\n    \n  }\n}\n`,
};
